package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Api;
import dev.berth.cli.ApiException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import dev.berth.cli.Progress;
import dev.berth.cli.resource.Verb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "jobs", description = "The scheduled jobs (admin)", subcommands = JobsCommand.Run.class)
public final class JobsCommand {

    @Command(name = "run", description = {"Run a job now: cleanup-appservers, stuck-appservers, archive-closed-sandboxes, orphan-vms, reconcile-pull-requests, backup-instances, drupal-warm-pool, drupal-stuck-pending, drupal-cron, drupal-expire-installed, drupal-replace-available, drupal-statistics, drupal-backups, monitor-instances, rebuild-instances, renew-certificates, activity-report, vm-pool",
            "Prints its report; exit 1 if it reports problems, 4 if another run holds its lease."})
    static final class Run extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "NAME", description = "The job")
        String name;

        @Override
        public String description() {
            return spec.usageMessage().description()[0];
        }

        @Override
        protected int run() {
            Api api = api();
            Progress progress = new Progress(cli());
            progress.show("running " + name + "...");
            Api.Response response;
            try {
                response = api.send("POST", "/api/v1/jobs/" + Api.segment(name) + "/run", null, null, null);
            } catch (ApiException e) {
                progress.clear();
                if (e.status() == 409 && e.body() != null && e.body().path("skipped").asBoolean()) {
                    print(e.body());
                    cli().err().println("berth: job " + name + " skipped: another run holds its lease");
                    return ExitCode.CONFLICT;
                }
                throw e;
            }
            progress.clear();
            print(response.body());
            return response.body().path("problems").isEmpty() ? 0 : ExitCode.FAILURE;
        }

        private void print(JsonNode report) {
            Format format = output.format();
            if (format == Format.JSON) {
                out().println(Json.pretty(report));
                return;
            }
            if (format == Format.IDS) {
                out().println(report.path("job").asText());
                return;
            }
            out().println("job       " + report.path("job").asText());
            out().println("skipped   " + report.path("skipped").asBoolean());
            out().println("examined  " + report.path("examined").asInt());
            out().println("changed   " + report.path("changed").asInt());
            report.path("actions").forEach(action -> out().println("action    " + action.asText()));
            report.path("problems").forEach(problem -> out().println("problem   " + problem.asText()));
        }
    }
}
