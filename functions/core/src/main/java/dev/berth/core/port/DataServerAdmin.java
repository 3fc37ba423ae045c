package dev.berth.core.port;

import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What Berth does on a server of one kind with its admin credentials. Every operation is
 * idempotent; passwords travel only through the driver's connection or a 0600 file, never on a
 * command line. Failures are {@link dev.berth.core.data.DataServerFailure}s naming the server.
 */
public interface DataServerAdmin {

    /** Creates the placement's databases and user if missing, and sets the user's password. */
    void ensure(DataServer server, String adminPassword, DataPlacement placement, String password);

    /** Drops one user (after a rotation) and nothing else. */
    void dropUser(DataServer server, String adminPassword, DataPlacement placement, String user);

    /** Drops the placement's databases and users; what is already gone is fine. */
    void drop(DataServer server, String adminPassword, DataPlacement placement);

    /** Writes a dump that restores with clean/create semantics (drops what it recreates). */
    void dump(DataServer server, String adminPassword, DataPlacement placement, OutputStream out);

    /** Restores a dump made by {@link #dump}. */
    void restore(DataServer server, String adminPassword, DataPlacement placement, InputStream in);
}
