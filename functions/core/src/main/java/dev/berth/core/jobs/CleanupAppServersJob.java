package dev.berth.core.jobs;

import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.AppServerService;
import dev.berth.core.repository.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Terminates app servers that only cost money: failed or in error, or running but inactive, for
 * more than {@code maxAge} — always keeping each instance's newest inactive running server as a
 * fallback to switch back to. Walks instances and their app servers page by page (no Scan).
 */
public final class CleanupAppServersJob implements Job {
    private final Fleet fleet;
    private final ActivationService activation;
    private final AppServerService lifecycle;
    private final Duration maxAge;
    private final Clock clock;

    public CleanupAppServersJob(Fleet fleet, ActivationService activation, AppServerService lifecycle, Duration maxAge, Clock clock) {
        this.fleet = fleet;
        this.activation = activation;
        this.lifecycle = lifecycle;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JobNames.CLEANUP_APP_SERVERS;
    }

    @Override
    public JobReport run() {
        Principal actor = Principal.system(name());
        Instant cutoff = clock.instant().minus(maxAge);
        JobLog log = new JobLog(name());
        int examined = fleet.forEachInstance((instance, servers) -> {
            boolean fallbackKept = false;
            for (AppServer server : servers) { // newest first
                if (server.active() || server.status() == AppServerStatus.TERMINATED) {
                    continue;
                }
                boolean idleRunning = server.status() == AppServerStatus.RUNNING;
                if (idleRunning && !fallbackKept) {
                    fallbackKept = true;
                    continue;
                }
                boolean broken = server.status() == AppServerStatus.FAILED || server.status() == AppServerStatus.ERROR;
                if ((broken || idleRunning) && server.updatedAt().isBefore(cutoff)) {
                    log.attempt(server.id(), () -> {
                        activation.terminate(actor, server.id(), server.version(), lifecycle);
                        return "terminated " + server.id() + " (" + server.status().wireName() + " since " + server.updatedAt() + ")";
                    });
                }
            }
        });
        return log.report(examined);
    }
}
