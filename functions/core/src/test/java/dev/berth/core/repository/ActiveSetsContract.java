package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.testing.TestCore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The active set change is all or nothing, and its conditions fail the same way in every adapter. */
public abstract class ActiveSetsContract extends RepositoryContract {
    private static final Principal MANAGER = new Principal("m", "manager", Role.MANAGER);

    private AppServer server(Instance instance) {
        AppServer launched = core.appServers().launch(MANAGER, instance.id());
        for (AppServerStatus next : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            launched = core.appServers().transition(MANAGER, launched.id(), java.util.Set.of(AppServerStatus.values()), next, s -> s);
        }
        return launched;
    }

    private AuditEntry entry(String target, Instant now) {
        return new AuditEntry(target, "appserver", "activate", "t", now, 1L, 2L, "contract");
    }

    @Test
    public void aStaleAppServerFailsTheWholeChangeWithItsCurrentVersion() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer server = server(instance);
        Instant now = Instant.now();
        AppServer stale = server.withActive(false);
        core.appServers().update(server.id(), s -> s.withFailure("someone else wrote"));
        long current = repositories.appServers().get(server.id()).version();
        int auditBefore = repositories.audit().list(instance.id(), 50, null).items().size();
        BerthException e = assertThrows(BerthException.class, () -> repositories.activeSets().write(instance,
                instance.withActiveAppServers(List.of(server.id()), now),
                List.of(new ActiveSets.Change(stale, stale.withActive(true).with(stale.status(), now))), List.of(entry(instance.id(), now))));
        assertEquals(BerthException.Kind.PRECONDITION_FAILED, e.kind());
        assertEquals(current, e.currentVersion());
        assertTrue(repositories.instances().get(instance.id()).activeAppServerIds().isEmpty(), "the instance did not change");
        assertFalse(repositories.appServers().get(server.id()).active());
        assertEquals(auditBefore, repositories.audit().list(instance.id(), 50, null).items().size(), "no audit entry either");
    }

    @Test
    public void aChangedInstanceFailsTheWholeChangeAsAConflict() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer server = server(instance);
        core.instances().changeSettings(MANAGER, instance.id(), null, s -> TestCore.settings("Renamed", "demo"));
        Instant now = Instant.now();
        BerthException e = assertThrows(BerthException.class, () -> repositories.activeSets().write(instance,
                instance.withActiveAppServers(List.of(server.id()), now),
                List.of(new ActiveSets.Change(server, server.withActive(true).with(server.status(), now))), List.of()));
        assertEquals("instance_changed", e.code());
        assertFalse(repositories.appServers().get(server.id()).active(), "the app server did not change");
    }

    @Test
    public void aSuccessfulChangeWritesEveryItemAndItsAudit() {
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Demo", "demo"));
        AppServer server = server(instance);
        Instant now = Instant.now();
        Instance after = instance.withActiveAppServers(List.of(server.id()), now);
        repositories.activeSets().write(instance, after,
                List.of(new ActiveSets.Change(server, server.withActive(true).with(server.status(), now))), List.of(entry(server.id(), now)));
        assertEquals(List.of(server.id()), repositories.instances().get(instance.id()).activeAppServerIds());
        assertEquals(after.version(), repositories.instances().get(instance.id()).version());
        assertTrue(repositories.appServers().get(server.id()).active());
        assertEquals("contract", repositories.audit().list(server.id(), 1, null).items().get(0).summary());
    }
}
