package dev.berth.core.drupal;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.auth.TokenFormat;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sites through their validated lifecycle. The API moves a site into a transient state
 * (installing, launching, take_down, restore) or between launched and locked; the SiteLifecycle
 * state machine does the web servers' part and leaves the transient state.
 */
public final class SiteService {
    public static final String LIFECYCLE_MACHINE = "SiteLifecycle";
    private static final Pattern PATH = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<CodeItem.Type> PACKAGE_TYPES = Set.of(CodeItem.Type.MODULE, CodeItem.Type.THEME, CodeItem.Type.LIBRARY);

    /** What a client asks for a new site or a change of one. */
    public record Draft(String path, String coreId, String profileId, List<String> packages, Site.Settings settings, Integer updateGroup,
                        String environment) {
    }

    /** A new site and its statistics credential, shown once. */
    public record Created(Site site, String statisticsToken) {
    }

    private final Documents<Site> sites;
    private final Documents<CodeItem> code;
    private final Documents<SiteRoute> routes;
    private final Workflows workflows;
    private final DrupalConfig config;
    private final Clock clock;

    public SiteService(Documents<Site> sites, Documents<CodeItem> code, Documents<SiteRoute> routes, Workflows workflows, DrupalConfig config,
                       Clock clock) {
        this.sites = sites;
        this.code = code;
        this.routes = routes;
        this.workflows = workflows;
        this.config = config;
        this.clock = clock;
    }

    /** A new site, {@code pending} until the state machine provisions it ({@code available}). */
    public Created create(Principal caller, Draft d) {
        caller.require(Role.MANAGER);
        String sid = "s" + Ids.random(7);
        String path = d.path() == null ? sid : d.path();
        String core = d.coreId() != null ? d.coreId() : currentOf(CodeItem.Type.CORE, config.defaultCore());
        String profile = d.profileId() != null ? d.profileId() : currentOf(CodeItem.Type.PROFILE, config.defaultProfile());
        validate(path, core, profile, d.packages() == null ? List.of() : d.packages(), d.environment(), SiteStatus.PENDING);
        TokenFormat.Generated token = TokenFormat.generate();
        Instant now = clock.instant();
        Site site = new Site(sid, path, SiteStatus.PENDING, core, profile, d.packages() == null ? List.of() : d.packages(),
                d.settings() == null ? Site.Settings.DEFAULT : d.settings(), d.updateGroup() == null ? 0 : d.updateGroup(),
                d.environment() == null ? "dev" : d.environment(), Map.of("created", now), TokenFormat.hash(sid + ":" + token.token()), null, now, now, 1);
        try {
            sites.create(site, site.keys(), entry(site, "create", caller, null, 1L, "site " + sid + " at /" + path));
        } catch (BerthException e) {
            throw "duplicate".equals(e.code()) ? pathTaken(path) : e;
        }
        start(site, "provision");
        return new Created(site, sid + "." + token.token());
    }

    public Site get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return sites.get(id, "Site");
    }

    public Page<Site> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return sites.list(limit, cursor);
    }

    /** Claims a site of the warm pool (available → installing): instant when the pool has one; 409 when it is empty. */
    public Site claim(Principal caller, Draft d) {
        caller.require(Role.MANAGER);
        for (Site site : sites.all()) {
            if (site.status() != SiteStatus.AVAILABLE) {
                continue;
            }
            String path = d == null || d.path() == null ? site.path() : d.path();
            validate(path, site.coreId(), site.profileId(), site.packages(), d == null ? null : d.environment(), SiteStatus.INSTALLING);
            Instant now = clock.instant();
            Site claimed = site.withDetails(path, d != null && d.settings() != null ? d.settings() : site.settings(),
                    d != null && d.updateGroup() != null ? d.updateGroup() : site.updateGroup(),
                    d != null && d.environment() != null ? d.environment() : site.environment(), now).with(SiteStatus.INSTALLING, "assigned", now);
            try {
                sites.update(site, claimed, site.keys(), claimed.keys(), entry(claimed, "claim", caller, site.version(), claimed.version(),
                        "claimed " + site.id() + " from the warm pool for /" + path));
            } catch (BerthException e) {
                if ("duplicate".equals(e.code())) {
                    throw pathTaken(path);
                }
                if (e.kind() == BerthException.Kind.PRECONDITION_FAILED) {
                    continue; // another claim took it: the next one
                }
                throw e;
            }
            start(claimed, "install");
            return claimed;
        }
        throw BerthException.conflict("warm_pool_empty", "No available site to claim: the warm pool is refilling, try again shortly", Map.of());
    }

    /** Moves a site to {@code target} if its lifecycle allows it (422 naming the allowed next states). */
    public Site transition(Principal caller, String id, Long expectedVersion, SiteStatus target) {
        caller.require(Role.MANAGER);
        Site current = sites.get(id, "Site");
        checkVersion(current.version(), expectedVersion);
        if (!current.status().canBecome(target) || target == SiteStatus.AVAILABLE || target == SiteStatus.INSTALLING
                || target == SiteStatus.INSTALLED || target == SiteStatus.LAUNCHED && current.status() != SiteStatus.LOCKED
                || target == SiteStatus.DOWN) {
            List<String> allowed = current.status().next().stream()
                    .filter(s -> SiteStatus.TRANSIENT.contains(s) && s != SiteStatus.INSTALLING || s == SiteStatus.LOCKED
                            || s == SiteStatus.LAUNCHED && current.status() == SiteStatus.LOCKED)
                    .map(SiteStatus::wireName).toList();
            throw BerthException.invalid("status", "cannot go from " + current.status().wireName() + " to " + target.wireName()
                    + (allowed.isEmpty() ? " (no move is allowed now)" : "; allowed: " + String.join(", ", allowed)));
        }
        if (target == SiteStatus.LAUNCHING && routes.all().stream().noneMatch(r -> id.equals(r.siteId()) && "site".equals(r.type())
                && r.activeOnLaunch())) {
            throw BerthException.invalid("status", "a site needs a primary route (a site route marked activeOnLaunch) to launch");
        }
        Instant now = clock.instant();
        String date = switch (target) {
            case LOCKED -> "locked";
            case TAKE_DOWN -> "takenDown";
            case RESTORE -> "restored";
            default -> null;
        };
        Site moved = current.with(target, date, now);
        sites.update(current, moved, current.keys(), moved.keys(), entry(moved, target.wireName(), caller, current.version(), moved.version(),
                id + ": " + current.status().wireName() + " → " + target.wireName()));
        switch (target) {
            case LAUNCHING -> start(moved, "launch");
            case TAKE_DOWN -> start(moved, "takeDown");
            case RESTORE -> start(moved, "restore");
            default -> {
                // launched ↔ locked: nothing to do on the servers
            }
        }
        return moved;
    }

    /** Changes the site's code; the state machine relinks it, then runs the flagged registry rebuild, database updates, cache clear. */
    public Site changeCode(Principal caller, String id, Long expectedVersion, Draft d) {
        caller.require(Role.MANAGER);
        Site current = sites.get(id, "Site");
        checkVersion(current.version(), expectedVersion);
        List<String> packages = d.packages() == null ? current.packages() : d.packages();
        if (current.status() == SiteStatus.AVAILABLE && !packages.equals(current.packages())) {
            throw BerthException.conflict("site_available", "Packages cannot be added to an available (unclaimed) site", Map.of());
        }
        if (SiteStatus.TRANSIENT.contains(current.status()) || current.status() == SiteStatus.PENDING) {
            throw BerthException.conflict("site_busy", "Site " + id + " is " + current.status().wireName() + ": change its code afterwards", Map.of());
        }
        String core = d.coreId() == null ? current.coreId() : d.coreId();
        String profile = d.profileId() == null ? current.profileId() : d.profileId();
        validate(current.path(), core, profile, packages, current.environment(), current.status());
        Site changed = current.withCode(core, profile, packages, clock.instant());
        sites.update(current, changed, current.keys(), changed.keys(), entry(changed, "code", caller, current.version(), changed.version(),
                "changed the code of " + id));
        start(changed, "updateCode");
        return changed;
    }

    /** Deletes a site (not while launching or launched): database, files and links go, then the record. */
    public Site delete(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.MANAGER);
        Site current = sites.get(id, "Site");
        checkVersion(current.version(), expectedVersion);
        if (current.status() == SiteStatus.LAUNCHING || current.status() == SiteStatus.LAUNCHED) {
            throw BerthException.conflict("site_launched", "Site " + id + " is " + current.status().wireName() + ": take it down first", Map.of());
        }
        workflows.start(LIFECYCLE_MACHINE, id + "-delete-" + current.version(), Json.write(Map.of("siteId", id, "operation", "delete")));
        return current;
    }

    /** Starts the lifecycle's {@code backup} on the web servers (it makes every pending backup of the site). */
    public void startBackup(Site site, String backupId) {
        workflows.start(LIFECYCLE_MACHINE, site.id() + "-backup-" + backupId, Json.write(Map.of("siteId", site.id(), "operation", "backup")));
    }

    private void start(Site site, String operation) {
        workflows.start(LIFECYCLE_MACHINE, site.id() + "-" + operation + "-" + site.version(),
                Json.write(Map.of("siteId", site.id(), "operation", operation)));
    }

    private String currentOf(CodeItem.Type type, String name) {
        return code.all().stream().filter(i -> i.type() == type && i.name().equals(name) && i.current()).map(CodeItem::id).findFirst()
                .orElseThrow(() -> BerthException.conflict("no_current_code", "No " + type.wireName() + " named " + name
                        + " is current: register one and make it current, or name one", Map.of()));
    }

    private void validate(String path, String core, String profile, List<String> packages, String environment, SiteStatus status) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!PATH.matcher(path).matches()) {
            problems.put("path", "must be 1-63 of a-z, 0-9, _ and -");
        } else if (config.protectedPaths().contains(path)) {
            problems.put("path", "/" + path + " is reserved");
        }
        checkCode(problems, "core", core, Set.of(CodeItem.Type.CORE));
        checkCode(problems, "profile", profile, Set.of(CodeItem.Type.PROFILE));
        for (String id : packages) {
            checkCode(problems, "packages", id, PACKAGE_TYPES);
        }
        if (status == SiteStatus.AVAILABLE && !packages.isEmpty()) {
            problems.put("packages", "cannot be added while the site is available");
        }
        if (environment != null && !DrupalConfig.environments().contains(environment)) {
            problems.put("environment", "must be dev, test or prod");
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
    }

    private void checkCode(Map<String, String> problems, String field, String id, Set<CodeItem.Type> types) {
        CodeItem item = id == null ? null : code.find(id).orElse(null);
        if (item == null || !types.contains(item.type())) {
            problems.put(field, (id == null ? "is required" : id + " is not a code item of type "
                    + types.stream().map(CodeItem.Type::wireName).sorted().toList()));
        }
    }

    private static BerthException pathTaken(String path) {
        return BerthException.conflict("duplicate_path", "Another site is at /" + path, Map.of("fields", Map.of("path", "is taken")));
    }

    private static void checkVersion(long version, Long expected) {
        if (expected != null && expected != version) {
            throw BerthException.stale(version);
        }
    }

    private AuditEntry entry(Site site, String action, Principal caller, Long before, Long after, String summary) {
        return new AuditEntry(site.id(), "site", action, caller.actor(), clock.instant(), before, after, summary);
    }
}
