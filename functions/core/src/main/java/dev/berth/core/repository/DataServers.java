package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.error.BerthException;
import java.util.List;
import java.util.Optional;

/** The data tier's server pools. Names are unique; a server with tenants cannot be deleted. */
public interface DataServers {

    Optional<DataServer> find(String id);

    default DataServer get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("Data server", id));
    }

    /** 409 {@code duplicate_name} when the name is taken. */
    void create(DataServer server, AuditEntry entry);

    void update(DataServer before, DataServer after, AuditEntry entry);

    /** Deletes a server still at its version and without tenants (409 {@code data_server_in_use} otherwise). */
    void delete(DataServer server, AuditEntry entry);

    /** By name; {@code kind} null for every kind. */
    Page<DataServer> list(DataKind kind, int limit, String cursor);

    /** Every server of a kind (pools are small: tens of servers), for placement. */
    List<DataServer> all(DataKind kind);
}
