package dev.berth.cli.nouns;

import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Resource;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "audit", description = "Who did what to an item (instance, app server, token), newest first (admin)")
public final class AuditCommand extends ListVerb {
    static final Resource AUDIT = new Resource("audit entry", "audit entries", "/api/v1/audit",
            Column.of("at"), Column.of("action"), Column.of("actor"), Column.of("old", "oldVersion"), Column.of("new", "newVersion"),
            Column.of("summary")) {
        @Override
        public String idField() {
            return "at";
        }
    };

    @Parameters(index = "0", paramLabel = "TARGET-ID", description = "The item's id")
    String target;

    public AuditCommand() {
        super(AUDIT);
    }

    @Override
    public String description() {
        return "Who did what to an item, newest first (admin)";
    }

    @Override
    protected Map<String, String> query() {
        Map<String, String> query = super.query();
        query.put("target", target);
        return query;
    }
}
