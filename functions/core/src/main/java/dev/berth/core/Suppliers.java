package dev.berth.core;

import java.util.function.Supplier;

/** Values built when first asked, not when a function starts: a function pays only for the clients it uses. */
public final class Suppliers {
    private Suppliers() {
    }

    /** A supplier that builds its value once, on the first {@code get}. */
    public static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
