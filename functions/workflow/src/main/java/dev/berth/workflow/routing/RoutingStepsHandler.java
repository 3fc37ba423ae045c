package dev.berth.workflow.routing;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of the SyncRouting state machine. */
public final class RoutingStepsHandler extends StepsHandler {

    public RoutingStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public RoutingStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        RoutingSteps steps = root.routingSteps();
        step("applyRouting", RoutingSteps.InstanceRef.class, in -> steps.applyRouting(in.instanceId()));
        step("applyQueued", java.util.Map.class, in -> steps.applyQueued());
        step("healthGate", RoutingSteps.GateInput.class, in -> steps.healthGate(in.instanceId(), in.instanceVersion()));
        step("rollback", RoutingSteps.RollbackInput.class, steps::rollback);
    }
}
