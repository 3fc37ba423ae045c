package dev.berth.core.testing.memory;

import dev.berth.core.domain.LogLine;
import dev.berth.core.repository.DeploymentLogs;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link DeploymentLogs} in memory. */
final class InMemoryDeploymentLogs implements DeploymentLogs {
    private final MemoryTable table;
    private final Map<String, TreeMap<Long, LogLine>> byAppServer = new HashMap<>();

    InMemoryDeploymentLogs(MemoryTable table) {
        this.table = table;
    }

    @Override
    public void append(String appServerId, long firstSequence, List<String> lines, Instant at) {
        synchronized (table.lock) {
            TreeMap<Long, LogLine> log = byAppServer.computeIfAbsent(appServerId, id -> new TreeMap<>());
            for (int i = 0; i < lines.size(); i++) {
                log.put(firstSequence + i, new LogLine(firstSequence + i, at, lines.get(i)));
            }
        }
    }

    @Override
    public List<LogLine> read(String appServerId, long after, int limit) {
        synchronized (table.lock) {
            TreeMap<Long, LogLine> log = byAppServer.getOrDefault(appServerId, new TreeMap<>());
            return log.tailMap(after, false).values().stream().limit(limit).toList();
        }
    }
}
