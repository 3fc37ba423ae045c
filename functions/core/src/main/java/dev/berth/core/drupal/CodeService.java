package dev.berth.core.drupal;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.GitSources;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Code items: registered, changed and deleted by managers; each change deploys the checkout to
 * the web servers (DeployCode). Making one item current clears every other item of its name and
 * type in the same transaction.
 */
public final class CodeService {
    public static final String DEPLOY_MACHINE = "DeployCode";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{2,63}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private final Documents<CodeItem> items;
    private final Documents<Site> sites;
    private final Workflows workflows;
    private final boolean localGit;
    private final Clock clock;

    public CodeService(Documents<CodeItem> items, Documents<Site> sites, Workflows workflows, boolean localGit, Clock clock) {
        this.items = items;
        this.sites = sites;
        this.workflows = workflows;
        this.localGit = localGit;
        this.clock = clock;
    }

    public CodeItem create(Principal caller, Supplier<CodeItem> input) {
        caller.require(Role.MANAGER);
        CodeItem d = input.get();
        validate(d);
        Instant now = clock.instant();
        CodeItem item = new CodeItem("code-" + Ids.ulid(now), d.name(), d.codeVersion(), d.type(), d.label(), d.current(), d.tags(), d.gitUrl(),
                d.commitHash(), d.registryRebuild(), d.cacheClear(), d.updateDatabase(), "pending", null, now, now, 1);
        List<Documents.Change<CodeItem>> changes = new ArrayList<>(exclusive(item, now));
        changes.add(new Documents.Change<>(null, item, Set.of(), item.keys()));
        write(changes, entry(item.id(), "create", caller, null, 1L, "registered " + describe(item)));
        deploy(item);
        return item;
    }

    public CodeItem get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return items.get(id, "Code item");
    }

    public Page<CodeItem> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return items.list(limit, cursor);
    }

    public CodeItem change(Principal caller, String id, Long expectedVersion, UnaryOperator<CodeItem> change) {
        caller.require(Role.MANAGER);
        CodeItem current = items.get(id, "Code item");
        checkVersion(current.version(), expectedVersion);
        CodeItem d = change.apply(current);
        validate(d);
        if (d.type() != current.type() || !d.name().equals(current.name())) {
            throw BerthException.invalid("name", "name and type cannot change: register another item");
        }
        Instant now = clock.instant();
        boolean redeploy = !d.commitHash().equals(current.commitHash()) || !d.gitUrl().equals(current.gitUrl()) || d.current() != current.current();
        CodeItem updated = new CodeItem(id, d.name(), d.codeVersion(), d.type(), d.label(), d.current(), d.tags(), d.gitUrl(), d.commitHash(),
                d.registryRebuild(), d.cacheClear(), d.updateDatabase(), redeploy ? "pending" : current.deploy(),
                redeploy ? null : current.deployReason(), current.createdAt(), now, current.version() + 1);
        List<Documents.Change<CodeItem>> changes = new ArrayList<>(exclusive(updated, now));
        changes.add(new Documents.Change<>(current, updated, current.keys(), updated.keys()));
        write(changes, entry(id, "update", caller, current.version(), updated.version(), "changed " + describe(updated)));
        if (redeploy) {
            deploy(updated);
        }
        return updated;
    }

    public void delete(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.MANAGER);
        CodeItem current = items.get(id, "Code item");
        checkVersion(current.version(), expectedVersion);
        if (current.current()) {
            throw BerthException.conflict("code_current", describe(current) + " is current: make another version current first", Map.of());
        }
        List<String> users = sites.all().stream().filter(s -> id.equals(s.coreId()) || id.equals(s.profileId()) || s.packages().contains(id))
                .map(Site::id).toList();
        if (!users.isEmpty()) {
            throw BerthException.conflict("code_in_use", describe(current) + " is used by sites " + users, Map.of("sites", users));
        }
        items.delete(current, current.keys(), entry(id, "delete", caller, current.version(), null, "deleted " + describe(current)));
    }

    /** The current item of a name and type, if one is. */
    public java.util.Optional<CodeItem> current(CodeItem.Type type, String name) {
        return items.all().stream().filter(i -> i.type() == type && i.name().equals(name) && i.current()).findFirst();
    }

    private void deploy(CodeItem item) {
        workflows.start(DEPLOY_MACHINE, item.id() + "-" + item.version(), Json.write(Map.of("codeId", item.id())));
    }

    /** The other items of the name and type that lose their current flag in the same write. */
    private List<Documents.Change<CodeItem>> exclusive(CodeItem item, Instant now) {
        List<Documents.Change<CodeItem>> changes = new ArrayList<>();
        if (item.current()) {
            for (CodeItem other : items.all()) {
                if (!other.id().equals(item.id()) && other.type() == item.type() && other.name().equals(item.name()) && other.current()) {
                    changes.add(new Documents.Change<>(other, other.withCurrent(false, now), other.keys(), other.keys()));
                }
            }
        }
        return changes;
    }

    private void write(List<Documents.Change<CodeItem>> changes, AuditEntry entry) {
        try {
            items.write(changes, entry);
        } catch (BerthException e) {
            if ("duplicate".equals(e.code())) {
                String key = String.valueOf(e.details().get("key"));
                throw BerthException.conflict("duplicate_code", key.startsWith("commit:") ? "Another code item has commit " + key.substring(7)
                        : "A code item with this name, version and type exists", Map.of("key", key));
            }
            throw e;
        }
    }

    private void validate(CodeItem d) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            problems.put("name", "must be 3-64 of a-z, 0-9, _ and -");
        }
        if (d.codeVersion() == null || !VERSION.matcher(d.codeVersion()).matches()) {
            problems.put("version", "must be a version such as 10.3.1 or 8.x-1.2");
        }
        if (d.type() == null) {
            problems.put("type", "must be core, profile, module, theme, library or static");
        }
        if (d.gitUrl() == null || !(GitSources.isRepositoryUrl(d.gitUrl()) || localGit && d.gitUrl().matches("file:///[A-Za-z0-9._/-]+"))) {
            problems.put("gitUrl", GitSources.URL_PROBLEM);
        }
        if (d.commitHash() == null || !COMMIT.matcher(d.commitHash()).matches()) {
            problems.put("commitHash", "must be a commit hash (7 to 40 hex digits)");
        }
        if (d.label() != null) {
            dev.berth.core.domain.DisplayNames.problem(d.label(), 100).ifPresent(p -> problems.put("label", p));
        }
        if (d.tags().stream().anyMatch(t -> !TAG.matcher(t).matches())) {
            problems.put("tags", "each is 1-40 of a-z, 0-9, _ and -");
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
    }

    private static void checkVersion(long version, Long expected) {
        if (expected != null && expected != version) {
            throw BerthException.stale(version);
        }
    }

    static String describe(CodeItem item) {
        return item.type().wireName() + " " + item.name() + " " + item.codeVersion();
    }

    private AuditEntry entry(String id, String action, Principal caller, Long before, Long after, String summary) {
        return new AuditEntry(id, "code", action, caller.actor(), clock.instant(), before, after, summary);
    }
}
