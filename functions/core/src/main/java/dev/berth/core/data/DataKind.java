package dev.berth.core.data;

import java.util.Locale;
import java.util.Optional;

/** The kinds of shared server an instance's persistent data lives on. */
public enum DataKind {
    MYSQL(3306), POSTGRESQL(5432), MONGODB(27017), RABBITMQ(5672), STORAGE(443);

    private final int defaultPort;

    DataKind(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DataKind> fromWire(String value) {
        for (DataKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static String wireNames() {
        return "mysql, postgresql, mongodb, rabbitmq, storage";
    }
}
