package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Cursors;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the in-memory repositories share: one lock (every write of one call is atomic, as a
 * DynamoDB transaction is), the audit entries, and paging behind the same signed cursors.
 */
final class MemoryTable {
    final Object lock = new Object();
    final List<AuditEntry> audit = new ArrayList<>();
    /** Host name to its owner ("instance:<id>" or "appserver:<id>"), shared by instances and app servers. */
    final Map<String, String> hostOwners = new java.util.HashMap<>();
    final Cursors cursors;

    MemoryTable(Cursors cursors) {
        this.cursors = cursors;
    }

    /** The version check of a conditional write: gone (404) or changed by someone else (412). */
    static void checkVersion(String what, String id, Long storedVersion, long expected) {
        if (storedVersion == null) {
            throw BerthException.notFound(what, id);
        }
        if (storedVersion != expected) {
            throw BerthException.stale(storedVersion);
        }
    }

    /** One page of {@code items} ordered by {@code sortKey}, after the key the cursor names. */
    <T> Page<T> page(List<T> items, Function<T, String> sortKey, boolean descending, String scope, String cursor, int limit) {
        Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        List<T> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> order.compare(sortKey.apply(a), sortKey.apply(b)));
        String after = cursor == null ? null : cursors.decode(scope, cursor).get("after");
        List<T> out = new ArrayList<>();
        for (T item : sorted) {
            if (after != null && order.compare(sortKey.apply(item), after) <= 0) {
                continue;
            }
            out.add(item);
            if (out.size() == limit) {
                break;
            }
        }
        boolean more = out.size() == limit && sorted.indexOf(out.get(out.size() - 1)) < sorted.size() - 1;
        String next = more ? cursors.encode(scope, Map.of("after", sortKey.apply(out.get(out.size() - 1)))) : null;
        return new Page<>(out, next);
    }
}
