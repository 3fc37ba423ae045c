package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import dev.berth.cli.Progress;
import dev.berth.cli.Table;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.DeleteVerb;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands over many Drupal sites (drush words and hooks), run as executions with a result per site. */
@Command(name = "commands", description = "Commands over Drupal sites: define (drush words, @hooks, a site filter), run, executions and their results")
public final class CommandsCommand extends ResourceCommand {
    static final Resource COMMANDS = new Resource("command", "commands", "/api/v1/commands",
            Column.of("id"), Column.of("label"), Column.of("commands"), Column.of("singleServer"));
    static final Resource EXECUTIONS = new Resource("execution", "executions", "/api/v1/executions",
            Column.of("id"), Column.of("command", "commandId"), Column.of("state"), Column.of("sites", "siteIds"), Column.of("succeeded"),
            Column.of("failed"), Column.of("started", "startedAt"));

    /** The environments a site may be in. */
    public enum Environment {
        dev, test, prod
    }

    @Override
    protected Resource resource() {
        return COMMANDS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(COMMANDS));
        verbs.put("show", new ShowVerb(COMMANDS));
        verbs.put("create", new Create());
        verbs.put("delete", new DeleteVerb(COMMANDS) {
            @Override
            public String description() {
                return "Delete a command (its executions stay)";
            }
        });
        verbs.put("run", new Run());
        verbs.put("executions", new ListVerb(EXECUTIONS) {
            @Override
            public String description() {
                return "List executions of commands: state, how many sites succeeded and failed";
            }
        });
        verbs.put("execution", new Execution());
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--label", paramLabel = "LABEL", description = "What it is for people")
        String label;

        @Option(names = "--command", paramLabel = "COMMAND", description = "A drush command (e.g. cron, 'updb -y') or a hook "
                + "(@clear-caches, @fix-permissions, @rewrite-settings, @import-code), repeatable, run in order")
        List<String> commands;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only sites in this status, repeatable (e.g. launched)")
        List<String> statuses;

        @Option(names = "--env", paramLabel = "ENV", description = "Only sites in this environment, repeatable: ${COMPLETION-CANDIDATES}")
        List<Environment> environments;

        @Option(names = "--group", paramLabel = "N", description = "Only sites of this update group, repeatable")
        List<Integer> groups;

        @Option(names = "--package", paramLabel = "ID", description = "Only sites with this package, repeatable")
        List<String> packages;

        @Option(names = "--path-prefix", paramLabel = "PREFIX", description = "Only sites whose path starts so")
        String pathPrefix;

        @Option(names = "--single-server", description = "Run on one web server only (sites share their files)")
        boolean singleServer;

        Create() {
            super(COMMANDS);
        }

        @Override
        public String description() {
            return "Define a command: --label L --command C... and a filter (--status, --env, --group, --package, --path-prefix)";
        }

        @Override
        protected void addFields(ObjectNode body) {
            CodeCommand.put(body, "label", label);
            if (commands != null) {
                ArrayNode array = body.putArray("commands");
                commands.forEach(array::add);
            }
            if (statuses != null || environments != null || groups != null || packages != null || pathPrefix != null) {
                ObjectNode filter = body.get("filter") instanceof ObjectNode existing ? existing : body.putObject("filter");
                if (statuses != null) {
                    statuses.forEach(filter.putArray("statuses")::add);
                }
                if (environments != null) {
                    environments.forEach(e -> filter.withArray("environments").add(e.name()));
                }
                if (groups != null) {
                    groups.forEach(filter.putArray("updateGroups")::add);
                }
                if (packages != null) {
                    packages.forEach(filter.putArray("packages")::add);
                }
                CodeCommand.put(filter, "pathPrefix", pathPrefix);
            }
            if (singleServer) {
                body.put("singleServer", true);
            }
        }
    }

    static final class Run extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The command's id")
        String id;

        @Option(names = "--wait", description = "Wait until it ran on every site, then print the results by site (exit 1 if any site failed)")
        boolean await;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (exit 1); default: no limit")
        long timeoutSeconds;

        @Option(names = "--tail", description = "With --wait: print each failed site's log tail too")
        boolean tail;

        @Override
        public String description() {
            return "Run a command over the sites its filter matches now (202: an execution; --wait for the results by site)";
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode started = api.post(COMMANDS.itemPath(id) + "/executions", null).body();
            String execution = started.path("id").asText();
            if (!await) {
                new Printer(out(), output.format(), EXECUTIONS).row(started);
                return 0;
            }
            JsonNode done = awaitExecution(cli(), api, execution, timeoutSeconds);
            printExecution(out(), output.format(), done, tail);
            long failed = done.path("failed").asLong();
            if (failed > 0) {
                cli().err().println("berth: execution " + execution + ": " + failed + " of " + done.path("siteIds").size() + " sites failed");
                return ExitCode.FAILURE;
            }
            cli().err().println("execution " + execution + ": " + done.path("succeeded").asLong() + " sites succeeded");
            return 0;
        }
    }

    /** Polls an execution until its state is complete. */
    static JsonNode awaitExecution(Cli cli, Api api, String id, long timeoutSeconds) {
        Progress progress = new Progress(cli);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
        while (true) {
            JsonNode execution = api.get(EXECUTIONS.itemPath(id)).body();
            String state = execution.path("state").asText();
            if (state.equals("complete")) {
                progress.clear();
                return execution;
            }
            if (System.nanoTime() > deadline) {
                progress.clear();
                throw new CliException(ExitCode.FAILURE, "execution " + id + " is still " + state + " after " + timeoutSeconds + "s");
            }
            progress.show(id + ": " + state + ", " + execution.path("results").size() + " of " + execution.path("siteIds").size() + " sites");
            cli.sleep(cli.pollInterval());
        }
    }

    /** An execution: its JSON, its id, or its results by site as a table (failed sites' log tails with {@code tails}). */
    static void printExecution(PrintWriter out, Format format, JsonNode execution, boolean tails) {
        if (format != Format.TABLE) {
            new Printer(out, format, EXECUTIONS).row(execution);
            return;
        }
        Table table = new Table(List.of("site", "exitCode", "durationMs"));
        JsonNode results = execution.path("results");
        for (JsonNode site : execution.path("siteIds")) {
            JsonNode result = results.path(site.asText());
            table.row(List.of(site.asText(), Json.text(result.path("exitCode")), Json.text(result.path("durationMs"))));
        }
        table.lines().forEach(out::println);
        if (tails) {
            for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> result = it.next();
                if (result.getValue().path("exitCode").asInt() != 0) {
                    out.println();
                    out.println("== " + result.getKey() + " (exit " + result.getValue().path("exitCode").asInt() + ")");
                    out.println(result.getValue().path("tail").asText("").stripTrailing());
                }
            }
        }
    }

    static final class Execution extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "EXEC_ID", description = "The execution's id")
        String id;

        @Option(names = "--tail", description = "Print each failed site's log tail too")
        boolean tail;

        @Override
        public String description() {
            return "One execution: its state and the result (exit code, duration) of every site";
        }

        @Override
        protected int run() {
            JsonNode execution = api().get(EXECUTIONS.itemPath(id)).body();
            if (output.format() == Format.TABLE) {
                ObjectNode summary = execution.deepCopy();
                summary.remove("results");
                summary.remove("siteIds");
                new Printer(out(), Format.TABLE, EXECUTIONS).details(summary);
                out().println();
            }
            printExecution(out(), output.format(), execution, tail);
            return 0;
        }
    }
}
