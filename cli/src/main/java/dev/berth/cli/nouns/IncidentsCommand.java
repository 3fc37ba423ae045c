package dev.berth.cli.nouns;

import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What went down: the monitor's incidents, newest first, with the notices sent about each. */
@Command(name = "incidents", description = "Incidents: instances that stopped answering, and the notices sent")
public final class IncidentsCommand extends ResourceCommand {
    static final Resource INCIDENTS = new Resource("incident", "incidents", "/api/v1/incidents",
            Column.of("id"), Column.of("instance", "instanceName"), Column.of("status"), Column.of("reason"), Column.of("opened", "openedAt"),
            Column.of("closed", "closedAt"));

    /** Which incidents to list. */
    public enum Status {
        open, closed
    }

    @Override
    protected Resource resource() {
        return INCIDENTS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListIncidents());
        verbs.put("show", new ShowVerb(INCIDENTS) {
            @Override
            public String description() {
                return "Show an incident and every notice sent about it (what each channel answered)";
            }
        });
        return verbs;
    }

    static final class ListIncidents extends ListVerb {
        @Option(names = "--status", paramLabel = "STATUS", description = "Only open or closed ones: ${COMPLETION-CANDIDATES}")
        Status status;

        @Option(names = "--instance", paramLabel = "ID", description = "Only this instance's")
        String instance;

        ListIncidents() {
            super(INCIDENTS);
        }

        @Override
        public String description() {
            return "List incidents, newest first";
        }

        @Override
        protected Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("status", status == null ? null : status.name());
            query.put("instanceId", instance);
            return query;
        }
    }
}
