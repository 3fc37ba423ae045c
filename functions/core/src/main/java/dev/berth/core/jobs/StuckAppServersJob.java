package dev.berth.core.jobs;

import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.service.AppServerService;
import dev.berth.core.repository.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * App servers whose launch stopped moving (an execution lost, a step that never came back) are
 * marked {@code error} past their deadline, so that nobody waits for them forever.
 */
public final class StuckAppServersJob implements Job {
    private final Fleet fleet;
    private final AppServerService lifecycle;
    private final Duration bootDeadline;
    private final Duration deployDeadline;
    private final Clock clock;

    public StuckAppServersJob(Fleet fleet, AppServerService lifecycle, Duration bootDeadline, Duration deployDeadline, Clock clock) {
        this.fleet = fleet;
        this.lifecycle = lifecycle;
        this.bootDeadline = bootDeadline;
        this.deployDeadline = deployDeadline;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JobNames.STUCK_APP_SERVERS;
    }

    @Override
    public JobReport run() {
        Instant now = clock.instant();
        JobLog log = new JobLog(name());
        int examined = fleet.forEachInstance((instance, servers) -> {
            for (AppServer server : servers) {
                Duration limit = switch (server.status()) {
                    case NEW, WAITING -> bootDeadline;
                    case CONFIGURING -> deployDeadline;
                    default -> null;
                };
                if (limit == null || !server.createdAt().plus(limit).isBefore(now)) {
                    continue;
                }
                log.attempt(server.id(), () -> {
                    lifecycle.transition(Principal.system(name()), server.id(), Set.of(server.status()), AppServerStatus.ERROR,
                            s -> s.withFailure("Still " + server.status().wireName() + " " + limit.toMinutes()
                                    + " minutes after launch: the launch stopped; marked error by " + name()));
                    return "marked " + server.id() + " error (was " + server.status().wireName() + ")";
                });
            }
        });
        return log.report(examined);
    }
}
