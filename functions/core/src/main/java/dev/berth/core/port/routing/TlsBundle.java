package dev.berth.core.port.routing;

/** A certificate as a load balancer installs it: the chain then the private key, PEM, for {@code domain} and its wildcards. */
public record TlsBundle(String domain, String pem) {

    @Override
    public String toString() {
        return "TlsBundle[" + domain + "]"; // never the key
    }
}
