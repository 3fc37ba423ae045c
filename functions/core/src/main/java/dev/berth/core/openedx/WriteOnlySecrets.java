package dev.berth.core.openedx;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.WatchedRepositories;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Write-only Tutor secrets (SMTP passwords, API keys of plugins) of an owner: an instance, or a
 * watched repository whose same-repository pull requests' sandboxes get them. Set and deleted,
 * listed by name, never read back; the next deploy puts them in Tutor's 0600 {@code config.yml}.
 * Secret-looking keys are refused in extraSettings and come here instead.
 */
public final class WriteOnlySecrets {
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_VALUE = 8192;

    private final String ownerType;
    private final Role role;
    /** The owner's secret-store prefix, by its id; throws not-found for an unknown owner. */
    private final Function<String, String> prefixOf;
    private final Supplier<SecretStore> secrets;
    private final AuditLog audit;
    private final Clock clock;

    private WriteOnlySecrets(String ownerType, Role role, Function<String, String> prefixOf, Supplier<SecretStore> secrets,
                             AuditLog audit, Clock clock) {
        this.ownerType = ownerType;
        this.role = role;
        this.prefixOf = prefixOf;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    /** An instance's own secrets, managed by managers. */
    public static WriteOnlySecrets ofInstances(Instances instances, Supplier<SecretStore> secrets, AuditLog audit, Clock clock) {
        return new WriteOnlySecrets("instance", Role.MANAGER, id -> OpenEdxSecrets.userPrefix(instances.get(id).id()), secrets, audit, clock);
    }

    /** A watched repository's sandbox secrets, managed (like the repository) by admins. */
    public static WriteOnlySecrets ofWatchedRepositories(WatchedRepositories repositories, Supplier<SecretStore> secrets, AuditLog audit,
                                                         Clock clock) {
        return new WriteOnlySecrets("watchedRepository", Role.ADMIN, id -> OpenEdxSecrets.repositoryPrefix(repositories.get(id).fullName()),
                secrets, audit, clock);
    }

    public List<String> names(Principal caller, String ownerId) {
        caller.require(role);
        String prefix = prefixOf.apply(ownerId);
        return secrets.get().names(prefix).stream().map(name -> name.substring(prefix.length())).sorted().toList();
    }

    public void put(Principal caller, String ownerId, String key, String value) {
        caller.require(role);
        String prefix = prefixOf.apply(ownerId);
        if (key == null || !KEY.matcher(key).matches()) {
            throw BerthException.invalid("key", "must be a Tutor setting name (A-Z, 0-9, _), such as SMTP_PASSWORD");
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE || value.chars().anyMatch(c -> c == 0)) {
            throw BerthException.invalid("value", "must be 1 to " + MAX_VALUE + " characters");
        }
        boolean replaced = secrets.get().get(prefix + key).isPresent();
        secrets.get().put(prefix + key, value);
        audit.record(new AuditEntry(ownerId, ownerType, "secret.set", caller.actor(), clock.instant(), null, null,
                (replaced ? "replaced" : "set") + " the secret " + key));
    }

    public void delete(Principal caller, String ownerId, String key) {
        caller.require(role);
        String prefix = prefixOf.apply(ownerId);
        if (key == null || !KEY.matcher(key).matches() || secrets.get().get(prefix + key).isEmpty()) {
            throw BerthException.notFound("Secret", String.valueOf(key));
        }
        secrets.get().delete(prefix + key);
        audit.record(new AuditEntry(ownerId, ownerType, "secret.delete", caller.actor(), clock.instant(), null, null, "deleted the secret " + key));
    }
}
