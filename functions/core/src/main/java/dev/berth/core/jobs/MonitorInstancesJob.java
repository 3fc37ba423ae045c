package dev.berth.core.jobs;

import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.monitoring.Incident;
import dev.berth.core.monitoring.InstanceMonitor;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks every served instance (one with an active app server) through the load balancer and
 * keeps its incident; closes the incidents of instances nobody serves any more.
 */
public final class MonitorInstancesJob implements Job {
    private static final int PAGE = 100;
    private final Instances instances;
    private final Documents<Incident> incidents;
    private final InstanceMonitor monitor;

    public MonitorInstancesJob(Instances instances, Documents<Incident> incidents, InstanceMonitor monitor) {
        this.instances = instances;
        this.incidents = incidents;
        this.monitor = monitor;
    }

    @Override
    public String name() {
        return JobNames.MONITOR_INSTANCES;
    }

    @Override
    public JobReport run() {
        JobLog log = new JobLog(name());
        Set<String> served = new HashSet<>();
        int examined = 0;
        String cursor = null;
        do {
            Page<Instance> page = instances.list(InstanceStatus.ACTIVE, null, PAGE, cursor);
            for (Instance instance : page.items()) {
                examined++;
                if (instance.activeAppServerIds().isEmpty()) {
                    continue;
                }
                served.add(instance.id());
                log.attempt(instance.id(), () -> switch (monitor.check(instance)) {
                    case OPENED -> instance.id() + " is down: incident opened";
                    case STILL_DOWN -> instance.id() + " is still down";
                    case RECOVERED -> instance.id() + " answers again: incident closed";
                    default -> null;
                });
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        for (Incident incident : incidents.all()) {
            if (incident.open() && !served.contains(incident.instanceId())) {
                log.attempt(incident.id(), () -> {
                    monitor.unserved(incident.instanceId());
                    return incident.instanceId() + " is no longer served: incident " + incident.id() + " closed";
                });
            }
        }
        return log.report(examined);
    }
}
