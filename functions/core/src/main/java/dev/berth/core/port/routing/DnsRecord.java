package dev.berth.core.port.routing;

/** One DNS record: {@code type} A (value an IPv4 address) or CNAME (value a host name). */
public record DnsRecord(String fqdn, String type, String value, int ttl) {
}
