package dev.berth.core.port.compute;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** An address block such as {@code 198.51.100.7/32} or {@code 2001:db8::/48}, written as a firewall rule's source. */
public record Cidr(String text) {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    public Cidr {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 1 || !LITERAL.matcher(text.substring(0, slash)).matches()) {
            throw new IllegalArgumentException("An address block is an IP address, a slash and a prefix length (such as 198.51.100.7/32), not " + text);
        }
        byte[] address = address(text.substring(0, slash), text);
        int bits;
        try {
            bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException("The prefix length of " + text + " must be between 0 and " + address.length * 8);
        }
    }

    /** A comma-separated list (blank entries ignored). */
    public static List<Cidr> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::new).toList();
    }

    public boolean ipv6() {
        return text.indexOf(':') >= 0;
    }

    public boolean contains(InetAddress candidate) {
        int slash = text.indexOf('/');
        byte[] network = address(text.substring(0, slash), text);
        byte[] other = candidate.getAddress();
        if (other.length != network.length) {
            return false;
        }
        int bits = Integer.parseInt(text.substring(slash + 1));
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((network[i / 8] & mask) != (other[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] address(String literal, String whole) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal only (checked above): no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address: " + whole);
        }
    }
}
