package dev.berth.core.data;

import dev.berth.core.domain.DisplayNames;
import dev.berth.core.error.BerthException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** What a data server's fields must be; all problems at once (422 with {@code fields}). */
public final class DataServerRules {
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
            + "|\\[?[0-9A-Fa-f:.]{2,45}]?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int DEFAULT_MANAGEMENT_PORT = 15672;
    private static final int MAX_CAPACITY = 10_000;

    private DataServerRules() {
    }

    /** The server the draft describes, with defaults filled in; {@code current} null on create. */
    public static DataServerDraft validate(DataServerDraft d, DataServer current) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (d.name() == null) {
            problems.put("name", "is required");
        } else {
            DisplayNames.problem(d.name(), 64).ifPresent(p -> problems.put("name", p));
        }
        if (d.kind() == null) {
            problems.put("kind", "is required: one of " + DataKind.wireNames());
        } else if (current != null && d.kind() != current.kind()) {
            problems.put("kind", "cannot change: create a server of the other kind");
        }
        if (d.host() == null || !HOST.matcher(d.host()).matches()) {
            problems.put("host", d.host() == null ? "is required" : "is not a host name or IP address");
        }
        int port = d.port() == null && d.kind() != null ? d.kind().defaultPort() : d.port() == null ? 0 : d.port();
        if (port < 1 || port > 65535) {
            problems.put("port", "must be between 1 and 65535");
        }
        int adminPort = d.adminPort() == null ? (d.kind() == DataKind.RABBITMQ ? DEFAULT_MANAGEMENT_PORT : 0) : d.adminPort();
        if (d.kind() == DataKind.RABBITMQ && (adminPort < 1 || adminPort > 65535)) {
            problems.put("adminPort", "must be the management API's port, between 1 and 65535");
        } else if (d.kind() != DataKind.RABBITMQ && adminPort != 0) {
            problems.put("adminPort", "is only for rabbitmq servers (the management API's port)");
        }
        if (d.adminUser() == null || !USER.matcher(d.adminUser()).matches()) {
            problems.put("adminUser", d.adminUser() == null ? "is required" : "must be letters, digits and _.@- (at most 64)");
        }
        if (d.kind() == DataKind.STORAGE) {
            if (d.bucket() == null || !BUCKET.matcher(d.bucket()).matches()) {
                problems.put("bucket", d.bucket() == null ? "is required for storage" : "is not a bucket name (3-63 of a-z 0-9 . -)");
            }
        } else if (d.bucket() != null) {
            problems.put("bucket", "is only for storage servers");
        }
        int capacity = d.capacity() == null ? 100 : d.capacity();
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            problems.put("capacity", "must be between 1 and " + MAX_CAPACITY);
        } else if (current != null && capacity < current.tenants()) {
            problems.put("capacity", "cannot be below the " + current.tenants() + " instances placed on it");
        }
        if (current == null && d.adminPassword() == null) {
            problems.put("adminPassword", "is required");
        } else if (d.adminPassword() != null && d.adminPassword().isEmpty() && d.kind() == DataKind.MONGODB) {
            // a MongoDB without access control (a development server): no credentials to send
        } else if (d.adminPassword() != null && (d.adminPassword().isEmpty() || d.adminPassword().length() > 256
                || d.adminPassword().chars().anyMatch(Character::isISOControl))) {
            problems.put("adminPassword", "must be 1 to 256 characters without control characters");
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
        return new DataServerDraft(d.name().strip(), d.kind(), d.host(), port, adminPort, d.adminUser(), d.bucket(), capacity,
                d.state() == null ? DataServer.State.ACCEPTING : d.state(), d.adminPassword());
    }
}
