package dev.berth.core.data.backup;

import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataTierRefusal;

/**
 * Owners whose databases are a server of their own, in more than one copy, rather than a data set
 * on the shared servers: a postgresql service, whose copies are its colours. Backups of such an
 * owner name the copy they were dumped from and the copy a restore goes into.
 */
public interface DatabaseOwners {

    /** How to reach one copy: the server, its admin's password, and what to dump or restore there. */
    record Access(DataServer server, String adminPassword, DataPlacement placement) {
    }

    /** No such owners (functions that never run a backup). */
    DatabaseOwners NONE = new DatabaseOwners() {
        @Override
        public Access access(String owner, String copy) {
            throw new DataTierRefusal(owner + " has no database server of its own");
        }

        @Override
        public String subjectType() {
            return "instance";
        }
    };

    /** The copy {@code copy} of {@code owner}'s databases as it is now; a {@link DataTierRefusal} when it cannot be reached. */
    Access access(String owner, String copy);

    /** The audit subject type of these owners ({@code service}). */
    String subjectType();
}
