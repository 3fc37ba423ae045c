package dev.berth.core.jobs;

import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.AppServerService;
import dev.berth.core.service.InstanceService;
import dev.berth.core.repository.Fleet;
import dev.berth.core.repository.WatchedRepositories;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Archives the sandboxes of pull requests closed for longer than their repository keeps them
 * (7 days by default): their app servers are terminated and the instance archived.
 */
public final class ArchiveClosedSandboxesJob implements Job {
    private final Fleet fleet;
    private final WatchedRepositories repositories;
    private final InstanceService instances;
    private final ActivationService activation;
    private final AppServerService lifecycle;
    private final Clock clock;

    public ArchiveClosedSandboxesJob(Fleet fleet, WatchedRepositories repositories, InstanceService instances,
                                     ActivationService activation, AppServerService lifecycle, Clock clock) {
        this.fleet = fleet;
        this.repositories = repositories;
        this.instances = instances;
        this.activation = activation;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JobNames.ARCHIVE_CLOSED_SANDBOXES;
    }

    @Override
    public JobReport run() {
        Principal actor = Principal.system(name());
        Instant now = clock.instant();
        JobLog log = new JobLog(name());
        int examined = fleet.forEachInstance((instance, servers) -> {
            if (instance.status() != InstanceStatus.ACTIVE || !instance.isSandbox() || instance.pullRequest().closedAt() == null) {
                return;
            }
            int keepDays = repositories.findByFullName(instance.pullRequest().repository()).map(WatchedRepository::keepDaysAfterClose).orElse(7);
            if (instance.pullRequest().closedAt().plus(Duration.ofDays(keepDays)).isAfter(now)) {
                return;
            }
            log.attempt(instance.id(), () -> {
                activation.goDark(actor, instance);
                for (AppServer server : servers) {
                    if (server.status() != AppServerStatus.TERMINATED) {
                        activation.terminate(actor, server.id(), null, lifecycle);
                    }
                }
                instances.archive(actor, instance.id(), null);
                return "archived " + instance.domains().lms() + " (" + instance.pullRequest().repository() + "#"
                        + instance.pullRequest().number() + ", closed " + instance.pullRequest().closedAt() + ")";
            });
        });
        return log.report(examined);
    }
}
