package dev.berth.local.lambda;

import dev.berth.core.jobs.JobReport;
import dev.berth.core.json.Json;
import dev.berth.core.port.JobRuns;
import java.io.IOException;
import java.util.UUID;

/** Runs a job now by invoking the jobs function with {@code {"job": name}}, as Lambda's invoke does on AWS. */
public final class LocalJobRuns implements JobRuns {
    private final LocalFunction jobs;

    public LocalJobRuns(LocalFunction jobs) {
        this.jobs = jobs;
    }

    /** As Lambda's asynchronous invocation: the job runs on its own thread; a failure is the function's log's. */
    @Override
    public void start(String job) {
        Thread thread = new Thread(() -> {
            try {
                run(job);
            } catch (RuntimeException e) {
                System.err.println("berth local: the job " + job + " failed: " + e.getMessage());
            }
        }, "job-" + job);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public JobReport run(String job) {
        try {
            byte[] out = jobs.invoke(Json.MAPPER.createObjectNode().put("job", job).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    UUID.randomUUID().toString());
            return Json.MAPPER.readValue(out, JobReport.class);
        } catch (FunctionFailedException e) {
            throw new IllegalStateException("The jobs function failed running " + job + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("The jobs function answered something that is not a job report: " + e.getMessage(), e);
        }
    }
}
