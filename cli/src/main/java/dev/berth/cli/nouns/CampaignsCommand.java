package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Output;
import dev.berth.cli.Progress;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Batched redeploys: a filter of instances, N at a time, stopped by too many failures, cancellable. */
@Command(name = "campaigns", description = "Batched redeploys: relaunch the instances a filter matches, N at a time")
public final class CampaignsCommand extends ResourceCommand {
    static final Resource CAMPAIGNS = new Resource("campaign", "campaigns", "/api/v1/campaigns",
            Column.of("id"), Column.of("state"), Column.of("batch", "batchSize"), Column.of("done", "counts.done"),
            Column.of("failed", "counts.failed"), Column.of("skipped", "counts.skipped"), Column.of("created", "createdAt"));

    @Override
    protected Resource resource() {
        return CAMPAIGNS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(CAMPAIGNS));
        verbs.put("show", new ShowVerb(CAMPAIGNS) {
            @Override
            public String description() {
                return "Show a campaign: its state and each instance's progress";
            }
        });
        verbs.put("create", new Create());
        verbs.put("cancel", new Cancel());
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--instance", paramLabel = "ID", description = "An instance to redeploy (repeatable)")
        List<String> instances;

        @Option(names = "--release", paramLabel = "RELEASE", description = "Instances on this Open edX release")
        String release;

        @Option(names = "--repository", paramLabel = "OWNER/REPO", description = "Sandboxes of this repository's pull requests")
        String repository;

        @Option(names = "--all", description = "Every active instance (said outright)")
        boolean all;

        @Option(names = "--batch-size", paramLabel = "N", description = "How many at a time, 1-50 (the API's default: 5)")
        Integer batchSize;

        @Option(names = "--max-failures", paramLabel = "N", description = "Failures tolerated before it stops (default 0)")
        Integer maxFailures;

        @Option(names = "--no-activate", description = "Launch only; leave the new app servers inactive")
        boolean noActivate;

        @Option(names = "--wait", description = "Then follow it until it ends: exit 0 if it succeeded, 1 otherwise")
        boolean await;

        Create() {
            super(CAMPAIGNS);
        }

        @Override
        public String description() {
            return "Start a campaign: --instance ID... | --release R | --repository R | --all, [--batch-size N] [--max-failures N] [--no-activate] [--wait]";
        }

        @Override
        protected void addFields(ObjectNode body) {
            ObjectNode filter = body.has("filter") && body.get("filter").isObject() ? (ObjectNode) body.get("filter") : body.putObject("filter");
            if (instances != null) {
                ArrayNode ids = filter.putArray("instanceIds");
                instances.forEach(ids::add);
            }
            if (release != null) {
                filter.put("release", release);
            }
            if (repository != null) {
                filter.put("repository", repository);
            }
            if (all) {
                filter.put("all", true);
            }
            if (batchSize != null) {
                body.put("batchSize", batchSize);
            }
            if (maxFailures != null) {
                body.put("maxFailures", maxFailures);
            }
            if (noActivate) {
                body.put("activate", false);
            }
        }

        @Override
        protected int run() {
            Api api = api();
            JsonNode created = api.post(CAMPAIGNS.path(), body()).body();
            if (!await) {
                printCreated((ObjectNode) created);
                return 0;
            }
            JsonNode ended = follow(cli(), api, created.path("id").asText());
            printCreated((ObjectNode) ended);
            String state = ended.path("state").asText();
            cli().err().println("campaign " + ended.path("id").asText() + " " + state + (ended.path("reason").isTextual() ? ": " + ended.path("reason").asText() : ""));
            return state.equals("succeeded") ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    /** Polls until the campaign is no longer running, showing its progress. */
    static JsonNode follow(Cli cli, Api api, String id) {
        Progress progress = new Progress(cli);
        while (true) {
            JsonNode campaign = api.get(CAMPAIGNS.itemPath(id)).body();
            if (!campaign.path("state").asText().equals("running")) {
                progress.clear();
                return campaign;
            }
            JsonNode counts = campaign.path("counts");
            progress.show(id + ": " + counts.path("done").asInt() + " done, " + counts.path("failed").asInt() + " failed, "
                    + (counts.path("launching").asInt() + counts.path("activating").asInt()) + " under way, " + counts.path("pending").asInt() + " to go");
            cli.sleep(cli.pollInterval());
        }
    }

    static final class Cancel extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The campaign's id")
        String id;

        @Override
        public String description() {
            return "Cancel a running campaign: what has not started is skipped; a launch under way finishes but is not activated";
        }

        @Override
        protected int run() {
            JsonNode cancelled = api().send("POST", CAMPAIGNS.itemPath(id) + "/cancel", null, null, "*").body();
            if (cancelled == null) {
                throw new CliException(ExitCode.FAILURE, "no answer from the API");
            }
            new Printer(out(), output.format(), CAMPAIGNS).row(cancelled);
            return 0;
        }
    }
}
