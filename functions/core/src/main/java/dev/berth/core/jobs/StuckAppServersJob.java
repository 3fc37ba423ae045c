package dev.berth.core.jobs;

import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Fleet;
import dev.berth.core.service.AppServerService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * App servers whose launch stopped moving are marked {@code error} with the reason, so that
 * nobody waits for them: at once when their launch execution no longer runs (a crash, a restart,
 * an execution lost), and past their deadline in any case (a step that never came back).
 */
public final class StuckAppServersJob implements Job {
    /** A launch's execution starts right after its record: younger records are left alone. */
    private static final Duration GRACE = Duration.ofMinutes(2);
    private final Fleet fleet;
    private final AppServerService lifecycle;
    private final Workflows workflows;
    private final Duration bootDeadline;
    private final Duration deployDeadline;
    private final Clock clock;

    public StuckAppServersJob(Fleet fleet, AppServerService lifecycle, Workflows workflows, Duration bootDeadline, Duration deployDeadline,
                              Clock clock) {
        this.fleet = fleet;
        this.lifecycle = lifecycle;
        this.workflows = workflows;
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
                if (limit == null || server.createdAt().plus(GRACE).isAfter(now)) {
                    continue;
                }
                Optional<String> reason = why(server, limit, now);
                reason.ifPresent(text -> log.attempt(server.id(), () -> {
                    lifecycle.transition(Principal.system(name()), server.id(), Set.of(server.status()), AppServerStatus.ERROR,
                            s -> s.withFailure(text + "; marked error by " + name()));
                    return "marked " + server.id() + " error (was " + server.status().wireName() + ")";
                }));
            }
        });
        return log.report(examined);
    }

    private Optional<String> why(AppServer server, Duration limit, Instant now) {
        Optional<String> execution = workflows.status(AppServerService.LAUNCH_STATE_MACHINE, server.id());
        if (execution.isEmpty()) {
            return Optional.of("Still " + server.status().wireName() + " but its launch execution does not exist (lost in a crash or a restart)");
        }
        if (!execution.get().equals("RUNNING")) {
            return Optional.of("Still " + server.status().wireName() + " but its launch execution ended " + execution.get());
        }
        if (server.createdAt().plus(limit).isBefore(now)) {
            return Optional.of("Still " + server.status().wireName() + " " + limit.toMinutes() + " minutes after launch: the launch stopped");
        }
        return Optional.empty();
    }
}
