package dev.berth.core.service;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.jobs.JobNames;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.port.JobRuns;

/** Admins run a scheduled job now; the job runs under its lease, as on its schedule. */
public final class JobService {
    private final JobRuns jobs;

    public JobService(JobRuns jobs) {
        this.jobs = jobs;
    }

    public JobReport runNow(Principal caller, String name) {
        caller.require(Role.ADMIN);
        if (!JobNames.ALL.contains(name)) {
            throw BerthException.notFound("Job", name + " (jobs: " + String.join(", ", JobNames.ALL) + ")");
        }
        return jobs.run(name);
    }
}
