package dev.berth.core.jobs;

import java.util.List;

/** What a job run did, in lines an operator can read; {@code skipped} when another run held the lease. */
public record JobReport(String job, boolean skipped, int examined, int changed, List<String> actions, List<String> problems) {
    public JobReport {
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
    }
}
