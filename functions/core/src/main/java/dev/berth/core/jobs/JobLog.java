package dev.berth.core.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a job run does, collected as it goes: each item is attempted on its own, so one failure
 * is reported and the run goes on with the next.
 */
public final class JobLog {
    private final String job;
    private final List<String> actions = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    public JobLog(String job) {
        this.job = job;
    }

    /** Runs {@code action} for {@code item}; its answer (null: nothing done) is an action, its exception a problem. */
    public void attempt(String item, Supplier<String> action) {
        try {
            String done = action.get();
            if (done != null) {
                actions.add(done);
            }
        } catch (RuntimeException e) {
            problems.add(item + ": " + e.getMessage());
        }
    }

    public void did(String action) {
        actions.add(action);
    }

    public void problem(String text) {
        problems.add(text);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public JobReport report(int examined) {
        return new JobReport(job, false, examined, actions.size(), actions, problems);
    }
}
