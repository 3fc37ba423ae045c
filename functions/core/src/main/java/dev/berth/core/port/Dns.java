package dev.berth.core.port;

import dev.berth.core.port.routing.DnsRecord;
import java.util.List;

/** DNS records of instances' domains: Gandi LiveDNS or Route 53; nothing to do locally (*.localhost). */
public interface Dns {

    /** Creates or replaces these records (idempotent). */
    void upsert(List<DnsRecord> records);

    /** Removes these records; records already gone are fine. */
    void delete(List<DnsRecord> records);
}
