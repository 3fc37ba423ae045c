package dev.berth.core.domain;

import dev.berth.core.port.routing.DnsRecord;
import dev.berth.core.repository.Document;
import java.util.List;

/**
 * The DNS records Berth last published for an instance (its id is the instance's): what a rename
 * or an archive must take back, since the instance itself only knows its names of now.
 */
public record DnsPublication(String id, List<DnsRecord> records, long version) implements Document {
    public DnsPublication {
        records = List.copyOf(records);
    }
}
