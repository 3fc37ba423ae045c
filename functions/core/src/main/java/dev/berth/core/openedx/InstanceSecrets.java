package dev.berth.core.openedx;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Instances;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * An instance's write-only secrets (SMTP passwords, API keys of plugins): set and deleted by
 * managers, listed by name, never read back; the next deploy puts them in Tutor's 0600
 * {@code config.yml}. Secret-looking keys are refused in extraSettings and come here instead.
 */
public final class InstanceSecrets {
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_VALUE = 8192;

    private final Instances instances;
    private final Supplier<SecretStore> secrets;
    private final AuditLog audit;
    private final Clock clock;

    public InstanceSecrets(Instances instances, Supplier<SecretStore> secrets, AuditLog audit, Clock clock) {
        this.instances = instances;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    public List<String> names(Principal caller, String instanceId) {
        caller.require(Role.MANAGER);
        instances.get(instanceId);
        String prefix = OpenEdxSecrets.userPrefix(instanceId);
        return secrets.get().names(prefix).stream().map(name -> name.substring(prefix.length())).sorted().toList();
    }

    public void put(Principal caller, String instanceId, String key, String value) {
        caller.require(Role.MANAGER);
        instances.get(instanceId);
        if (key == null || !KEY.matcher(key).matches()) {
            throw BerthException.invalid("key", "must be a Tutor setting name (A-Z, 0-9, _), such as SMTP_PASSWORD");
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE || value.chars().anyMatch(c -> c == 0)) {
            throw BerthException.invalid("value", "must be 1 to " + MAX_VALUE + " characters");
        }
        boolean replaced = secrets.get().get(OpenEdxSecrets.userPrefix(instanceId) + key).isPresent();
        secrets.get().put(OpenEdxSecrets.userPrefix(instanceId) + key, value);
        audit.record(new AuditEntry(instanceId, "instance", "secret.set", caller.actor(), clock.instant(), null, null,
                (replaced ? "replaced" : "set") + " the secret " + key));
    }

    public void delete(Principal caller, String instanceId, String key) {
        caller.require(Role.MANAGER);
        instances.get(instanceId);
        if (key == null || !KEY.matcher(key).matches() || secrets.get().get(OpenEdxSecrets.userPrefix(instanceId) + key).isEmpty()) {
            throw BerthException.notFound("Secret", String.valueOf(key));
        }
        secrets.get().delete(OpenEdxSecrets.userPrefix(instanceId) + key);
        audit.record(new AuditEntry(instanceId, "instance", "secret.delete", caller.actor(), clock.instant(), null, null, "deleted the secret " + key));
    }
}
