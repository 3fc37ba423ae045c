package dev.berth.core.port;

import dev.berth.core.jobs.JobReport;

/**
 * Runs a scheduled job now, where the jobs run (the jobs function, with its cloud credentials):
 * the API asks through this port and gets the job's report back.
 */
public interface JobRuns {
    JobReport run(String job);
}
