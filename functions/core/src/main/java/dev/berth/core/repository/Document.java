package dev.berth.core.repository;

/** A record kept whole by a {@link Documents} store: its id, the version writes are conditional on, the key it is listed by. */
public interface Document {
    String id();

    long version();

    /** What lists are ordered by (ids made from ULIDs sort by creation). */
    default String sortKey() {
        return id();
    }
}
