package dev.berth.core.jobs;

import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Leases;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs jobs by name under a lease, and logs what they did. */
public final class JobRunner {
    private static final Duration LEASE = Duration.ofMinutes(15);
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Leases leases;
    private final Clock clock;

    public JobRunner(List<Job> jobs, Leases leases, Clock clock) {
        jobs.forEach(job -> this.jobs.put(job.name(), job));
        this.leases = leases;
        this.clock = clock;
    }

    public List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    public JobReport run(String name) {
        Job job = jobs.get(name);
        if (job == null) {
            throw BerthException.notFound("Job", name + " (jobs: " + String.join(", ", jobs.keySet()) + ")");
        }
        String holder = UUID.randomUUID().toString();
        if (!leases.acquire("job:" + name, holder, LEASE, clock.instant())) {
            JobReport skipped = new JobReport(name, true, 0, 0, List.of(), List.of("another run of " + name + " is in progress"));
            log(skipped);
            return skipped;
        }
        try {
            JobReport report = job.run();
            log(report);
            return report;
        } finally {
            leases.release("job:" + name, holder);
        }
    }

    private static void log(JobReport report) {
        System.out.println("job " + report.job() + (report.skipped() ? " skipped" : "") + ": examined " + report.examined()
                + ", changed " + report.changed() + (report.actions().isEmpty() ? "" : "; " + String.join("; ", report.actions()))
                + (report.problems().isEmpty() ? "" : "; problems: " + String.join("; ", report.problems())));
    }
}
