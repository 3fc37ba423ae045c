package dev.berth.core.nodes;

import dev.berth.core.domain.AppServer;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A VM that Berth keeps for other workloads than an instance's app servers: container services
 * ({@code docker}) or Drupal web servers ({@code web}). Booted and destroyed by state machines
 * through the compute port; its VM is tagged with the node's id.
 */
public record Node(
        String id,
        String name,
        Role role,
        String size,
        String image,
        Status status,
        AppServer.Vm vm,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public enum Role {
        DOCKER, WEB;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Role> fromWire(String value) {
            for (Role role : values()) {
                if (role.wireName().equals(value)) {
                    return Optional.of(role);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code booting} until SSH answers; {@code error} when the deadline passed or the VM failed. */
    public enum Status {
        BOOTING, READY, ERROR, DESTROYING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> fromWire(String value) {
            for (Status status : values()) {
                if (status.wireName().equals(value)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }

    public Node with(Status newStatus, AppServer.Vm newVm, String reason, Instant now) {
        return new Node(id, name, role, size, image, newStatus, newVm, reason, createdAt, now, version + 1);
    }

    public boolean ready() {
        return status == Status.READY && vm.ipv4() != null && vm.sshPort() != null;
    }
}
