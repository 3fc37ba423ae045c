package dev.berth.localdata;

import java.util.Locale;

/** The kinds of data server that {@link LocalDataServers} can start. */
public enum Kind {
    /** MariaDB ({@code mariadbd} from the Debian package {@code mariadb-server}), MySQL wire protocol. */
    MYSQL("MariaDB"),
    /** PostgreSQL ({@code postgres} and {@code initdb} from the Debian package {@code postgresql}). */
    POSTGRESQL("PostgreSQL"),
    /** MongoDB wire protocol: in-JVM mongo-java-server, or a real {@code mongod} found on the machine. */
    MONGODB("MongoDB"),
    /** RabbitMQ ({@code rabbitmq-server} from the Debian package {@code rabbitmq-server}) with the management plugin. */
    RABBITMQ("RabbitMQ");

    private final String displayName;

    Kind(String displayName) {
        this.displayName = displayName;
    }

    /** Human name used in log lines, e.g. "MariaDB". */
    public String displayName() {
        return displayName;
    }

    /** Name of this kind's folder under the data directory, e.g. "mysql". */
    public String directoryName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
