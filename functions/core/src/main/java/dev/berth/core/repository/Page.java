package dev.berth.core.repository;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the opaque cursor of the next one (null at the end). */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /** A last page of zero or one item. */
    public static <T> Page<T> of(java.util.Optional<T> item) {
        return new Page<>(item.stream().toList(), null);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
