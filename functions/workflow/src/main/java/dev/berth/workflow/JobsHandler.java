package dev.berth.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.http.ApiResponse;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.jobs.ArchiveClosedSandboxesJob;
import dev.berth.core.jobs.CleanupAppServersJob;
import dev.berth.core.jobs.OrphanVmsJob;
import dev.berth.core.jobs.ReconcilePullRequestsJob;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.GitHub;
import dev.berth.github.rest.GitHubRestClient;
import dev.berth.core.store.Fleet;
import dev.berth.core.jobs.Job;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.jobs.JobRunner;
import dev.berth.core.jobs.StuckAppServersJob;
import dev.berth.core.port.Adapters;
import dev.berth.core.store.Leases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scheduled jobs. EventBridge schedules invoke this function with {@code {"job": name}};
 * admins run a job now with {@code POST /api/v1/jobs/{name}/run}, which arrives here as an HTTP
 * API event. Either way the job runs under its lease.
 */
public final class JobsHandler extends ApiHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BerthCore core;
    private final JobRunner runner;

    public JobsHandler() {
        this(SsmSettings.resolve(System.getenv()));
    }

    public JobsHandler(Map<String, String> env) {
        this(env, Adapters.NONE);
    }

    public JobsHandler(Map<String, String> env, Adapters adapters) {
        this.core = BerthCore.create(env, adapters);
        Clock clock = Clock.systemUTC();
        Fleet fleet = new Fleet(core.instanceStore(), core.appServerStore());
        List<Job> jobs = List.of(
                new CleanupAppServersJob(fleet, core.activation(), core.appServers(),
                        Duration.ofDays(Long.parseLong(env.getOrDefault("BERTH_CLEANUP_AFTER_DAYS", "2"))), clock),
                new StuckAppServersJob(fleet, core.appServers(),
                        Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_BOOT_DEADLINE_MINUTES", "75"))),
                        Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_DEPLOY_DEADLINE_MINUTES", "165"))), clock),
                new ArchiveClosedSandboxesJob(fleet, core.watchedRepositoryStore(), core.instances(), core.activation(), core.appServers(), clock),
                // Built on first use: a run of another job needs no cloud credentials.
                new OrphanVmsJob(memoize(() -> adapters.get(ComputeProvider.class, () -> LaunchStepsHandler.CloudAdapters.compute(env))),
                        core.appServerStore(), Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_ORPHAN_AFTER_MINUTES", "60"))), clock),
                new ReconcilePullRequestsJob(core.watchedRepositoryStore(), fleet,
                        memoize(() -> adapters.get(GitHub.class, () -> GitHubRestClient.fromEnvironment(env))), core.workflows()));
        this.runner = new JobRunner(jobs, new Leases(core.dynamo(), core.config().tableName()), clock);
        route("POST /api/v1/jobs/{name}/run", this::runNow);
    }

    private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> supplier) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    public JobRunner runner() {
        return runner;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readAllBytes();
        JsonNode event = MAPPER.readTree(bytes);
        if (event.hasNonNull("routeKey")) {
            super.handleRequest(new ByteArrayInputStream(bytes), output, context);
            return;
        }
        String job = event.path("job").asText(null);
        if (job == null) {
            throw new IllegalArgumentException("A scheduled invocation needs {\"job\": name}; got " + event);
        }
        MAPPER.writeValue(output, report(runner.run(job)));
    }

    private ApiResponse runNow(ApiRequest request) {
        Principal caller = core.authenticator().authenticate(request.header("authorization"));
        caller.require(Role.ADMIN);
        JobReport report = runner.run(request.pathParameter("name"));
        return ApiResponse.json(report.skipped() ? 409 : 200, report(report));
    }

    private static ObjectNode report(JobReport report) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("job", report.job());
        node.put("skipped", report.skipped());
        node.put("examined", report.examined());
        node.put("changed", report.changed());
        report.actions().forEach(node.putArray("actions")::add);
        report.problems().forEach(node.putArray("problems")::add);
        return node;
    }
}
