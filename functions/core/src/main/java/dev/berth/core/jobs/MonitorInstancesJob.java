package dev.berth.core.jobs;

import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.monitoring.InstanceMonitor;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks every served instance (one with an active app server) through the load balancer and
 * keeps its incident, {@code parallelism} checks at a time (a check of a site that is down waits
 * for its timeouts); closes the incidents of instances nobody serves any more (archived ones too).
 * When the load balancer itself does not answer, that is the one incident, and the instances wait.
 */
public final class MonitorInstancesJob implements Job {
    private static final int PAGE = 100;
    private final Instances instances;
    private final InstanceMonitor monitor;
    private final int parallelism;

    public MonitorInstancesJob(Instances instances, InstanceMonitor monitor, int parallelism) {
        this.instances = instances;
        this.monitor = monitor;
        this.parallelism = Math.max(1, parallelism);
    }

    @Override
    public String name() {
        return JobNames.MONITOR_INSTANCES;
    }

    private record Checked(String instanceId, Future<String> outcome) {
    }

    @Override
    public JobReport run() {
        JobLog log = new JobLog(name());
        InstanceMonitor.Outcome balancer = monitor.checkLoadBalancer();
        switch (balancer) {
            case OPENED, STILL_DOWN -> {
                // Every instance would look down: one incident for the balancer, none per instance.
                log.did("the load balancer does not answer: one incident for it, the instances' checks wait until it answers");
                return log.report(0);
            }
            case RECOVERED -> log.did("the load balancer answers again: its incident closed");
            default -> { }
        }
        int examined = 0;
        List<Checked> checks = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            for (InstanceStatus status : InstanceStatus.values()) {
                String cursor = null;
                do {
                    Page<Instance> page = instances.list(status, null, PAGE, cursor);
                    for (Instance instance : page.items()) {
                        examined++;
                        boolean served = status == InstanceStatus.ACTIVE && !instance.activeAppServerIds().isEmpty();
                        checks.add(new Checked(instance.id(), pool.submit(() -> served ? describe(instance, monitor.check(instance))
                                : monitor.unserved(instance.id()) == InstanceMonitor.Outcome.CLOSED_UNSERVED
                                        ? instance.id() + " is no longer served: its incident closed" : null)));
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
            }
            for (Checked check : checks) {
                log.attempt(check.instanceId(), () -> outcome(check.outcome()));
            }
        } finally {
            pool.shutdownNow();
        }
        return log.report(examined);
    }

    private static String describe(Instance instance, InstanceMonitor.Outcome outcome) {
        return switch (outcome) {
            case OPENED -> instance.id() + " is down: incident opened";
            case STILL_DOWN -> instance.id() + " is still down";
            case RECOVERED -> instance.id() + " answers again: incident closed";
            default -> null;
        };
    }

    private static String outcome(Future<String> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
