package dev.berth.core.jobs;

/** A scheduled job: runs in pages, is safe to run twice (the runner holds a lease), reports what it did. */
public interface Job {
    /** The name used by schedules and by {@code POST /api/v1/jobs/{name}/run}. */
    String name();

    JobReport run();
}
