package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Api;
import dev.berth.cli.Format;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import dev.berth.cli.Table;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reports", description = "Reports over the fleet", subcommands = ReportsCommand.Activity.class)
public final class ReportsCommand {

    @Command(name = "activity", description = "Each instance's month: app servers launched, active hours, failures, sandbox hours (--csv: the CSV download)")
    static final class Activity extends Verb {
        @Mixin
        Output output;

        @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (UTC); this month when left out")
        String month;

        @Option(names = "--csv", description = "Print the CSV the API serves (for a spreadsheet)")
        boolean csv;

        @Override
        public String description() {
            return spec.usageMessage().description()[0];
        }

        @Override
        protected int run() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("month", month);
            String path = "/api/v1/reports/activity" + Api.query(query);
            // The activity-report job makes it: 202 until it is there.
            dev.berth.cli.Progress progress = new dev.berth.cli.Progress(cli());
            Api.Response answer = api().get(path);
            for (int tries = 0; answer.status() == 202 && tries < 600; tries++) {
                progress.show("the report of " + answer.body().path("month").asText() + " is being made");
                cli().sleep(cli().pollInterval());
                answer = api().get(path);
            }
            progress.clear();
            if (answer.status() == 202) {
                throw new dev.berth.cli.CliException(dev.berth.cli.ExitCode.FAILURE, "the report is still being made: ask again in a minute");
            }
            if (csv) {
                out().print(api().download(path, "text/csv").text());
                out().flush();
                return 0;
            }
            JsonNode report = answer.body();
            if (output.format() == Format.JSON) {
                out().println(Json.pretty(report));
                return 0;
            }
            List<String> headers = List.of("instance", "name", "sandbox", "launched", "activeHours", "failures", "sandboxHours");
            Table table = new Table(headers);
            for (JsonNode row : report.path("instances")) {
                table.row(List.of(row.path("instanceId").asText(), row.path("name").asText(), row.path("sandbox").asText(),
                        row.path("appServersLaunched").asText(), row.path("activeHours").asText(), row.path("failures").asText(),
                        row.path("sandboxHours").asText()));
            }
            JsonNode totals = report.path("totals");
            table.row(List.of("total", "", "", totals.path("appServersLaunched").asText(), totals.path("activeHours").asText(),
                    totals.path("failures").asText(), totals.path("sandboxHours").asText()));
            table.lines().forEach(out()::println);
            return 0;
        }
    }
}
