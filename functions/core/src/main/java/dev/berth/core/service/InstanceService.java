package dev.berth.core.service;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceRules;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** The instance use cases: create, read, list, change settings, archive. */
public final class InstanceService {
    private final Instances instances;
    private final AppServers appServers;
    private final InstanceRules rules;
    private final RoutingRequests routing;
    private final java.util.function.Function<String, java.util.Optional<dev.berth.core.profile.SettingProfile>> profiles;
    private final Clock clock;

    public InstanceService(Instances instances, AppServers appServers, InstanceRules rules, RoutingRequests routing,
                           java.util.function.Function<String, java.util.Optional<dev.berth.core.profile.SettingProfile>> profiles, Clock clock) {
        this.profiles = profiles;
        this.instances = instances;
        this.appServers = appServers;
        this.rules = rules;
        this.routing = routing;
        this.clock = clock;
    }

    /** The checks a create or a change must pass (a setting profile's defaults are checked with them). */
    public void check(InstanceSettings settings) {
        rules.validate(settings);
    }

    /** An instance with the app servers that serve it now. */
    public record View(Instance instance, List<AppServer> activeAppServers) {
    }

    public Instance create(Principal caller, InstanceSettings settings) {
        return create(caller, () -> settings);
    }

    /** Creates an instance; {@code settings} is read only once the caller may create (its errors come after the 403). */
    public Instance create(Principal caller, java.util.function.Supplier<InstanceSettings> input) {
        caller.require(Role.MANAGER);
        InstanceSettings settings = input.get();
        rules.validate(settings);
        Instant now = clock.instant();
        Instance instance = new Instance(Ids.instance(), settings, InstanceStatus.ACTIVE, List.of(), null, now, now, 1);
        instances.create(instance, new AuditEntry(instance.id(), "instance", "create", caller.actor(), now, null, 1L,
                "created " + instance.domains().lms()));
        routing.afterChange(instance); // its domains answer with the being-set-up page
        return instance;
    }

    /** Creates the sandbox instance of a pull request (its sub-domain is the PR's, so there is only one). */
    public Instance createSandbox(Principal caller, InstanceSettings settings, Instance.PullRequestSource source) {
        rules.validate(settings);
        Instant now = clock.instant();
        Instance instance = new Instance(Ids.instance(), settings, InstanceStatus.ACTIVE, List.of(), source, now, now, 1);
        instances.create(instance, new AuditEntry(instance.id(), "instance", "create", caller.actor(), now, null, 1L,
                "sandbox of " + source.repository() + "#" + source.number() + " at " + instance.domains().lms()));
        routing.afterChange(instance);
        return instance;
    }

    /** Records the pull request's new state on its sandbox (head commit, closing time). */
    public Instance updatePullRequest(Principal caller, Instance current, Instance.PullRequestSource source, InstanceSettings settings) {
        Instance updated = new Instance(current.id(), settings, current.status(), current.activeAppServerIds(), source,
                current.createdAt(), clock.instant(), current.version() + 1);
        if (updated.settings().equals(current.settings()) && java.util.Objects.equals(source, current.pullRequest())) {
            return current;
        }
        rules.validate(settings);
        instances.update(current, updated, new AuditEntry(current.id(), "instance", "pull-request", caller.actor(), updated.updatedAt(),
                current.version(), updated.version(), "pull request now at " + source.headSha()
                        + (source.closedAt() == null ? "" : ", closed at " + source.closedAt())
                        + (source.launch() == null || current.pullRequest() != null && source.launch().equals(current.pullRequest().launch())
                                ? "" : ", launching " + source.launch().appServerId())));
        return updated;
    }

    public View view(Principal caller, String id) {
        caller.require(Role.VIEWER);
        Instance instance = instances.get(id);
        return new View(instance, appServers.getAll(instance.activeAppServerIds()));
    }

    /** @param query a prefix of the name or the LMS domain (blank: all) */
    public Page<Instance> list(Principal caller, InstanceStatus status, String query, int limit, String cursor) {
        caller.require(Role.VIEWER);
        if (query != null && query.length() > 253) {
            throw BerthException.invalid("q", "must be at most 253 characters");
        }
        return instances.list(status, query == null || query.isBlank() ? null : query.trim(), limit, cursor);
    }

    /**
     * Changes the settings if the instance is still at {@code expectedVersion} (null: whatever the
     * current version is, as {@code If-Match: *} asks).
     */
    public View changeSettings(Principal caller, String id, Long expectedVersion, UnaryOperator<InstanceSettings> change) {
        caller.require(Role.MANAGER);
        Instance current = instances.get(id);
        checkVersion(current, expectedVersion);
        if (current.status() == InstanceStatus.ARCHIVED) {
            throw BerthException.conflict("instance_archived", "Instance " + id + " is archived; its settings can no longer change", Map.of());
        }
        InstanceSettings changed = withProfile(change.apply(current.settings()));
        rules.validate(changed);
        if (changed.equals(current.settings())) {
            return new View(current, appServers.getAll(current.activeAppServerIds()));
        }
        Instance updated = current.withSettings(changed, clock.instant());
        instances.update(current, updated, new AuditEntry(id, "instance", "update", caller.actor(), updated.updatedAt(),
                current.version(), updated.version(), "changed " + String.join(", ", changedFields(current.settings(), changed))));
        if (!updated.domains().equals(current.domains()) || !updated.settings().name().equals(current.settings().name())) {
            routing.afterChange(updated);
        }
        return new View(updated, appServers.getAll(updated.activeAppServerIds()));
    }

    /**
     * The instance with its profile's current defaults over the fields it does not set itself, written
     * (and audited) when that changes its settings; a launch starts from it, and every change of the
     * settings applies them too. An instance whose profile was deleted keeps what it has.
     */
    public Instance withCurrentProfile(Principal caller, String id) {
        for (int attempt = 1; ; attempt++) {
            Instance current = instances.get(id);
            if (current.status() != InstanceStatus.ACTIVE || withProfile(current.settings()).equals(current.settings())) {
                return current;
            }
            try {
                return changeSettings(caller, id, current.version(), UnaryOperator.identity()).instance();
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.PRECONDITION_FAILED || attempt == 3) {
                    throw e;
                }
                // written meanwhile (an activation): apply the profile to what is there now
            }
        }
    }

    /** {@code settings} under the current defaults of the profile it follows (if that profile still exists). */
    public InstanceSettings withProfile(InstanceSettings settings) {
        return settings.profile() == null ? settings : profiles.apply(settings.profile())
                .map(profile -> dev.berth.core.profile.ProfileDefaults.apply(settings, profile.defaults())).orElse(settings);
    }

    /**
     * Archives the instance (its data stays; its sub-domain stays reserved for it). A purge
     * archives first; the PurgeInstance state machine then drops its data and {@link #purge}s it.
     */
    public Instance archive(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.MANAGER);
        Instance current = instances.get(id);
        checkVersion(current, expectedVersion);
        if (!current.activeAppServerIds().isEmpty()) {
            throw BerthException.conflict("instance_has_active_app_servers", "Instance " + id + " still has active app servers "
                    + current.activeAppServerIds() + "; deactivate them first", Map.of("activeAppServerIds", current.activeAppServerIds()));
        }
        if (current.status() == InstanceStatus.ARCHIVED) {
            return current;
        }
        Instant now = clock.instant();
        Instance archived = current.withStatus(InstanceStatus.ARCHIVED, now);
        instances.update(current, archived, new AuditEntry(id, "instance", "archive", caller.actor(), now,
                current.version(), archived.version(), "archived"));
        routing.afterChange(archived); // its routes and DNS records go
        return archived;
    }

    /** The last step of a purge: the archived instance's record and its domain go for good. Purging one that is gone is fine. */
    public void purge(String id) {
        instances.find(id).ifPresent(current -> {
            if (current.status() != InstanceStatus.ARCHIVED) {
                throw BerthException.conflict("instance_not_archived", "Instance " + id + " is not archived; only an archived instance is purged",
                        Map.of());
            }
            instances.delete(current, new AuditEntry(id, "instance", "purge", "system:purge", clock.instant(), current.version(), null,
                    "purged " + current.domains().lms()));
        });
    }

    private static void checkVersion(Instance current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw BerthException.stale(current.version());
        }
    }

    private static List<String> changedFields(InstanceSettings a, InstanceSettings b) {
        List<String> fields = new ArrayList<>();
        var components = InstanceSettings.class.getRecordComponents();
        try {
            for (var component : components) {
                if (!Objects.equals(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
                    fields.add(component.getName());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return fields;
    }
}
