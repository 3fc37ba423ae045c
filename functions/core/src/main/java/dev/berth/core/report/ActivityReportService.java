package dev.berth.core.report;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.jobs.JobLog;
import dev.berth.core.jobs.JobNames;
import dev.berth.core.json.Json;
import dev.berth.core.port.JobRuns;
import dev.berth.core.port.ObjectStorage;
import dev.berth.core.repository.Documents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Activity reports made by a job, not on the request path (a large fleet's walk would outlast
 * API Gateway's 30 seconds): a request for a month that has no fresh report records it as
 * pending, starts the {@code activity-report} job and answers at once; the job makes every
 * pending month (and the current one, daily) and keeps it in object storage. A report is fresh
 * when it was made after its month ended, or, for the month under way, within the last 15 minutes.
 */
public final class ActivityReportService {
    static final Duration CURRENT_MONTH_FRESH = Duration.ofMinutes(15);
    /** A pending request older than this was lost (the job failed to start): the next request starts it again. */
    static final Duration STUCK = Duration.ofMinutes(15);

    /** What a request gets: the report, or word that it is being made. */
    public sealed interface Answer permits Ready, Pending {
    }

    public record Ready(ActivityReport report, Instant generatedAt) implements Answer {
    }

    public record Pending(YearMonth month, Instant requestedAt) implements Answer {
    }

    private final Documents<ReportRun> runs;
    private final ActivityReports reports;
    private final java.util.function.Supplier<ObjectStorage> storage;
    private final JobRuns jobRuns;
    private final Clock clock;

    public ActivityReportService(Documents<ReportRun> runs, ActivityReports reports, java.util.function.Supplier<ObjectStorage> storage,
                                 JobRuns jobRuns, Clock clock) {
        this.runs = runs;
        this.reports = reports;
        this.storage = storage;
        this.jobRuns = jobRuns;
        this.clock = clock;
    }

    public Answer month(Principal caller, YearMonth month) {
        caller.require(Role.VIEWER);
        Instant now = clock.instant();
        Optional<ReportRun> run = runs.find(id(month));
        if (run.isPresent() && run.get().state() == ReportRun.State.READY && fresh(run.get(), month, now)) {
            Optional<ActivityReport> stored = read(month);
            if (stored.isPresent()) {
                return new Ready(stored.get(), run.get().generatedAt());
            }
        }
        if (run.isPresent() && run.get().state() == ReportRun.State.PENDING && run.get().requestedAt().isAfter(now.minus(STUCK))) {
            return new Pending(month, run.get().requestedAt());
        }
        ReportRun pending = new ReportRun(id(month), month.toString(), ReportRun.State.PENDING, now, run.map(ReportRun::generatedAt).orElse(null),
                null, run.map(r -> r.version() + 1).orElse(1L));
        try {
            if (run.isEmpty()) {
                runs.create(pending, Set.of(), null);
            } else {
                runs.update(run.get(), pending, Set.of(), Set.of(), null);
            }
        } catch (BerthException e) {
            if (e.kind() == BerthException.Kind.PRECONDITION_FAILED || e.kind() == BerthException.Kind.CONFLICT) {
                return new Pending(month, now); // a concurrent request asked first, and started the job
            }
            throw e;
        }
        jobRuns.start(JobNames.ACTIVITY_REPORT);
        return new Pending(month, now);
    }

    /** The job's work: every pending month, and the month under way; one month's failure does not stop the others. */
    public int produce(JobLog log) {
        Set<YearMonth> done = new TreeSet<>();
        Set<YearMonth> months = new TreeSet<>(pending());
        months.add(YearMonth.now(clock.withZone(ZoneOffset.UTC)));
        // A month asked for while this run works would wait for the next one (its start met this run's lease): made too.
        while (!months.isEmpty()) {
            make(months, log);
            done.addAll(months);
            months = new TreeSet<>(pending());
            months.removeAll(done);
        }
        return done.size();
    }

    private Set<YearMonth> pending() {
        Set<YearMonth> months = new TreeSet<>();
        runs.all().stream().filter(r -> r.state() == ReportRun.State.PENDING).forEach(r -> months.add(YearMonth.parse(r.month())));
        return months;
    }

    private void make(Set<YearMonth> months, JobLog log) {
        for (YearMonth month : months) {
            log.attempt(month.toString(), () -> {
                try {
                    ActivityReport report = reports.build(month);
                    byte[] content = Json.write(report).getBytes(StandardCharsets.UTF_8);
                    storage.get().put(key(month), new ByteArrayInputStream(content), content.length);
                    record(month, ReportRun.State.READY, null);
                    return "made the activity report of " + month + ": " + report.instances().size() + " instance(s)";
                } catch (RuntimeException e) {
                    record(month, ReportRun.State.FAILED, e.getMessage());
                    throw e;
                }
            });
        }
    }

    private void record(YearMonth month, ReportRun.State state, String reason) {
        Instant now = clock.instant();
        for (int attempt = 1; ; attempt++) {
            Optional<ReportRun> current = runs.find(id(month));
            ReportRun next = new ReportRun(id(month), month.toString(), state, current.map(ReportRun::requestedAt).orElse(now),
                    state == ReportRun.State.READY ? now : current.map(ReportRun::generatedAt).orElse(null), reason,
                    current.map(r -> r.version() + 1).orElse(1L));
            try {
                if (current.isEmpty()) {
                    runs.create(next, Set.of(), null);
                } else {
                    runs.update(current.get(), next, Set.of(), Set.of(), null);
                }
                return;
            } catch (BerthException e) {
                if (attempt == 5 || e.kind() != BerthException.Kind.PRECONDITION_FAILED && e.kind() != BerthException.Kind.CONFLICT) {
                    throw e;
                }
            }
        }
    }

    private boolean fresh(ReportRun run, YearMonth month, Instant now) {
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return run.generatedAt() != null && (!run.generatedAt().isBefore(end) || run.generatedAt().isAfter(now.minus(CURRENT_MONTH_FRESH)));
    }

    private Optional<ActivityReport> read(YearMonth month) {
        Optional<InputStream> content = storage.get().get(key(month));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = content.get()) {
            return Optional.of(Json.MAPPER.readValue(in, ActivityReport.class));
        } catch (IOException e) {
            throw new UncheckedIOException("The stored activity report of " + month + " is unreadable", e);
        }
    }

    static String id(YearMonth month) {
        return "activity-" + month;
    }

    static String key(YearMonth month) {
        return "reports/activity/" + month + ".json";
    }
}
