package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.LogLine;
import dev.berth.core.testing.TestCore;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

public abstract class AppServersContract extends RepositoryContract {

    private AppServer server(String id, String instanceId, Instant createdAt) {
        return new AppServer(id, instanceId, AppServerStatus.NEW, false, InstancesContract.settings("Demo", "demo"),
                AppServer.Vm.NONE, AppServer.Deployment.NONE, null, null, createdAt, createdAt, 1);
    }

    @Test
    public void listsAnInstancesAppServersNewestFirst() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            repositories.appServers().create(server("as-" + i, "in-1", t.plusSeconds(i)), new AuditEntry("as-" + i, "appserver", "create", "t", t, null, 1L, ""));
        }
        repositories.appServers().create(server("as-other", "in-2", t), new AuditEntry("as-other", "appserver", "create", "t", t, null, 1L, ""));
        Page<AppServer> first = repositories.appServers().listForInstance("in-1", 3, null);
        assertEquals(List.of("as-4", "as-3", "as-2"), first.items().stream().map(AppServer::id).toList());
        Page<AppServer> second = repositories.appServers().listForInstance("in-1", 3, first.nextCursor());
        assertEquals(List.of("as-1", "as-0"), second.items().stream().map(AppServer::id).toList());
        assertEquals(List.of("as-3", "as-other"), repositories.appServers().getAll(List.of("as-3", "missing", "as-other"))
                .stream().map(AppServer::id).toList());
    }

    @Test
    public void logLinesAreReadAfterACursorInOrder() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<String> lines = IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).toList();
        repositories.logs().append("as-1", 1, lines, t);
        repositories.logs().append("as-1", 1, lines.subList(0, 2), t); // a retried append is harmless
        List<LogLine> afterTen = repositories.logs().read("as-1", 10, 5);
        assertEquals(List.of(11L, 12L, 13L, 14L, 15L), afterTen.stream().map(LogLine::sequence).toList());
        assertEquals("line 11", afterTen.get(0).text());
        assertEquals(60, repositories.logs().read("as-1", 0, 1000).size());
        assertTrue(repositories.logs().read("as-1", 60, 1000).isEmpty());
        assertTrue(repositories.logs().read("as-2", 0, 1000).isEmpty());
    }
}
