package dev.berth.core.drupal;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
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

/** Commands over many sites: defined by managers, each execution a RunCommand state machine with a result per site. */
public final class SiteCommandService {
    public static final String RUN_MACHINE = "RunCommand";
    private static final int MAX_COMMANDS = 20;

    private final Documents<SiteCommand> commands;
    private final Documents<CommandExecution> executions;
    private final Documents<Site> sites;
    private final Workflows workflows;
    private final Clock clock;

    public SiteCommandService(Documents<SiteCommand> commands, Documents<CommandExecution> executions, Documents<Site> sites, Workflows workflows,
                              Clock clock) {
        this.commands = commands;
        this.executions = executions;
        this.sites = sites;
        this.workflows = workflows;
        this.clock = clock;
    }

    public SiteCommand create(Principal caller, SiteCommand d) {
        caller.require(Role.MANAGER);
        Map<String, String> problems = new LinkedHashMap<>();
        if (d.label() == null) {
            problems.put("label", "is required");
        } else {
            dev.berth.core.domain.DisplayNames.problem(d.label(), 100).ifPresent(p -> problems.put("label", p));
        }
        if (d.commands().isEmpty() || d.commands().size() > MAX_COMMANDS) {
            problems.put("commands", "must list 1 to " + MAX_COMMANDS + " commands");
        }
        d.commands().forEach(command -> DrupalWords.problem(command).ifPresent(p -> problems.put("commands", p)));
        for (String status : d.filter().statuses()) {
            if (SiteStatus.fromWire(status).isEmpty()) {
                problems.put("filter.statuses", status + " is not a site status");
            }
        }
        if (d.filter().environments().stream().anyMatch(e -> !DrupalConfig.environments().contains(e))) {
            problems.put("filter.environments", "must be dev, test or prod");
        }
        if (d.filter().pathPrefix() != null && !d.filter().pathPrefix().matches("[a-z0-9_-]{1,63}")) {
            problems.put("filter.pathPrefix", "must be a path prefix (a-z, 0-9, _ and -)");
        }
        if (!problems.isEmpty()) {
            throw BerthException.invalid(problems);
        }
        Instant now = clock.instant();
        SiteCommand command = new SiteCommand("cmd-" + Ids.ulid(now), d.label(), d.commands(), d.filter(), d.singleServer(), now, now, 1);
        commands.create(command, java.util.Set.of(), new AuditEntry(command.id(), "command", "create", caller.actor(), now, null, 1L,
                "command " + command.label()));
        return command;
    }

    public SiteCommand get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return commands.get(id, "Command");
    }

    public Page<SiteCommand> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return commands.list(limit, cursor);
    }

    public void delete(Principal caller, String id) {
        caller.require(Role.MANAGER);
        SiteCommand current = commands.get(id, "Command");
        commands.delete(current, java.util.Set.of(), new AuditEntry(id, "command", "delete", caller.actor(), clock.instant(), current.version(), null,
                "deleted command " + current.label()));
    }

    /** Runs the command over every site its filter matches now (202); the execution holds a result per site. */
    public CommandExecution execute(Principal caller, String id) {
        caller.require(Role.MANAGER);
        SiteCommand command = commands.get(id, "Command");
        List<String> targets = sites.all().stream().filter(command.filter()::matches).map(Site::id).sorted().toList();
        Instant now = clock.instant();
        CommandExecution execution = new CommandExecution("exe-" + Ids.ulid(now), id, "running", targets, Map.of(), now, null, 1);
        executions.create(execution, java.util.Set.of(), new AuditEntry(id, "command", "execute", caller.actor(), now, null, null,
                "ran " + command.label() + " over " + targets.size() + " site(s) (" + execution.id() + ")"));
        workflows.start(RUN_MACHINE, execution.id(), Json.write(Map.of("executionId", execution.id(), "siteIds", targets)));
        return execution;
    }

    public CommandExecution execution(Principal caller, String executionId) {
        caller.require(Role.VIEWER);
        return executions.get(executionId, "Command execution");
    }

    public Page<CommandExecution> executions(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return executions.list(limit, cursor);
    }
}
