package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Routing syncs coalesce: a burst of changes starts one sync (plus one once that one took the queue), never one per change. */
public abstract class RoutingQueueContract {

    protected abstract Repositories repositories();

    @Test
    public void aBurstOfChangesStartsOneSyncThatTakesThemAll() throws Exception {
        Repositories repositories = repositories();
        RecordingWorkflows workflows = new RecordingWorkflows();
        BerthCore core = TestCore.create(repositories, workflows);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            created.add(pool.submit(() -> core.instances().create(Principal.system("burst"), TestCore.settings("Burst " + n, "burst" + n)).id()));
        }
        for (Future<String> f : created) {
            f.get();
        }
        pool.shutdown();
        long syncs = workflows.started.stream().filter(s -> s.stateMachine().equals("SyncRouting")).count();
        assertEquals(1, syncs, "one sync for the burst: " + workflows.started.size() + " executions");
        Set<String> dirty = repositories.routingQueue().takeDirty();
        assertEquals(40, dirty.size(), "the sync takes every changed instance");
        assertTrue(repositories.routingQueue().takeDirty().isEmpty());
        assertTrue(repositories.routingQueue().markDirty("in-after"), "a change after the take starts the next sync");
        assertFalse(repositories.routingQueue().markDirty("in-after-2"), "and the next changes join it");
    }
}
