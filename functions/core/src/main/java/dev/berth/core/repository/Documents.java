package dev.berth.core.repository;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store of one kind of record kept whole (the newer contexts' code items, sites, routes,
 * commands...): conditional writes at the version read, unique keys guarded in the same atomic
 * write (a taken key is a 409 {@code duplicate} naming it), several records changed in one
 * transaction, the audit entry with the change. DynamoDB and in-memory adapters implement it once
 * for every such record.
 */
public interface Documents<T extends Document> {

    /** One change of a multi-record write: {@code before} null creates, {@code after} null deletes. */
    record Change<T>(T before, T after, Set<String> keysBefore, Set<String> keysAfter) {
    }

    Optional<T> find(String id);

    default T get(String id, String what) {
        return find(id).orElseThrow(() -> BerthException.notFound(what, id));
    }

    /** The id holding a unique key, if any (e.g. a site's path). */
    Optional<String> owner(String uniqueKey);

    /** Applies every change or none; each at its version, each key guarded. */
    void write(List<Change<T>> changes, AuditEntry entry);

    default void create(T item, Set<String> keys, AuditEntry entry) {
        write(List.of(new Change<>(null, item, Set.of(), keys)), entry);
    }

    default void update(T before, T after, Set<String> keysBefore, Set<String> keysAfter, AuditEntry entry) {
        write(List.of(new Change<>(before, after, keysBefore, keysAfter)), entry);
    }

    default void delete(T item, Set<String> keys, AuditEntry entry) {
        write(List.of(new Change<>(item, null, keys, Set.of())), entry);
    }

    /** By sort key. */
    Page<T> list(int limit, String cursor);

    default List<T> all() {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = list(500, cursor);
            items.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return items;
    }
}
