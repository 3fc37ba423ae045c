package dev.berth.core.data;

/**
 * What a client writes about a data server: everything but id, tenants, times and version, and
 * the admin password (null on a change: keep the stored one). The password is write-only.
 */
public record DataServerDraft(String name, DataKind kind, String host, Integer port, Integer adminPort, String adminUser, String bucket,
                              Integer capacity, DataServer.State state, String adminPassword) {

    @Override
    public String toString() {
        return "DataServerDraft[" + name + ", " + kind + ", " + host + ":" + port + "]";
    }

    /** The editable fields of a stored server (no password). */
    public static DataServerDraft of(DataServer s) {
        return new DataServerDraft(s.name(), s.kind(), s.host(), s.port(), s.adminPort(), s.adminUser(), s.bucket(), s.capacity(), s.state(), null);
    }
}
