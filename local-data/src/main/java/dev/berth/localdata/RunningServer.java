package dev.berth.localdata;

import java.util.Objects;

/**
 * A data server that is up and accepting connections.
 *
 * @param kind          what it is
 * @param host          address it listens on (always {@code 127.0.0.1})
 * @param port          main protocol port (MySQL, PostgreSQL, MongoDB wire or AMQP 0-9-1)
 * @param adminPort     RabbitMQ management HTTP port; 0 for the other kinds
 * @param adminUser     administrator account; empty when the server has no authentication (in-JVM MongoDB)
 * @param adminPassword administrator password; empty when the server has no authentication. Never printed by {@link #toString()}.
 */
public record RunningServer(Kind kind, String host, int port, int adminPort, String adminUser, String adminPassword) {

    public RunningServer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        adminUser = adminUser == null ? "" : adminUser;
        adminPassword = adminPassword == null ? "" : adminPassword;
    }

    /** True when the server checks credentials (false for the in-JVM MongoDB server). */
    public boolean authenticated() {
        return !adminUser.isEmpty();
    }

    @Override
    public String toString() {
        return "RunningServer[kind=" + kind + ", host=" + host + ", port=" + port + ", adminPort=" + adminPort
                + ", adminUser=" + adminUser + ", adminPassword=" + (adminPassword.isEmpty() ? "" : "****") + "]";
    }
}
