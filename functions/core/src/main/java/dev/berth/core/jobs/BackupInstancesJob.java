package dev.berth.core.jobs;

import dev.berth.core.auth.Principal;
import dev.berth.core.data.InstanceData;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.data.backup.BackupService;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.repository.Backups;
import dev.berth.core.repository.Fleet;
import dev.berth.core.repository.InstanceDataSets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The daily backup of every production instance (active, not a sandbox, with a provisioned data
 * set), then its scheduled backups pruned to the newest {@code keep}. An instance backed up by
 * the schedule within the last {@code interval} is skipped, so a second run the same day adds
 * nothing.
 */
public final class BackupInstancesJob implements Job {
    private final Fleet fleet;
    private final InstanceDataSets dataSets;
    private final Backups backups;
    private final BackupService service;
    private final int keep;
    private final Duration interval;
    private final Clock clock;

    public BackupInstancesJob(Fleet fleet, InstanceDataSets dataSets, Backups backups, BackupService service, int keep, Duration interval,
                              Clock clock) {
        this.fleet = fleet;
        this.dataSets = dataSets;
        this.backups = backups;
        this.service = service;
        this.keep = keep;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JobNames.BACKUP_INSTANCES;
    }

    @Override
    public JobReport run() {
        Principal actor = Principal.system(name());
        Instant recent = clock.instant().minus(interval);
        JobLog log = new JobLog(name());
        int examined = fleet.forEachInstance((instance, servers) -> {
            boolean production = instance.status() == InstanceStatus.ACTIVE && !instance.isSandbox();
            boolean persistent = dataSets.find(instance.id()).filter(d -> d.state() == InstanceData.State.READY).isPresent();
            if (!production || !persistent) {
                return;
            }
            List<Backup> latest = backups.list(instance.id(), 20, null).items();
            boolean fresh = latest.stream().anyMatch(b -> "scheduled".equals(b.trigger()) && b.createdAt().isAfter(recent)
                    && b.state() != Backup.State.FAILED);
            if (!fresh) {
                log.attempt(instance.id(), () -> "started backup " + service.start(actor, instance.id(), "scheduled").id() + " of " + instance.id());
            }
            int pruned = service.prune(instance.id(), keep);
            if (pruned > 0) {
                log.attempt(instance.id(), () -> "pruned " + pruned + " old scheduled backup(s) of " + instance.id());
            }
        });
        return log.report(examined);
    }
}
