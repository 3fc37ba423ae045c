package dev.berth.core.port;

import dev.berth.core.jobs.JobReport;

/**
 * Runs a scheduled job now, where the jobs run (the jobs function, with its cloud credentials):
 * the API asks through this port and gets the job's report back, or starts it without waiting.
 */
public interface JobRuns {
    JobReport run(String job);

    /**
     * Starts the job and returns at once (its report goes to the job's log, not to the caller);
     * the adapters of Lambda and of the local runtime do. A stand-in may run it there and then.
     */
    default void start(String job) {
        run(job);
    }
}
