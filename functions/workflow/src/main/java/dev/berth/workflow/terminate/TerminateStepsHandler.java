package dev.berth.workflow.terminate;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.routing.RoutingSteps;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of the TerminateAppServer state machine: delete the VM, then drop its routes. */
public final class TerminateStepsHandler extends StepsHandler {

    public TerminateStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public TerminateStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        TerminateSteps steps = root.terminateSteps();
        RoutingSteps routing = root.routingSteps();
        step("deleteVm", TerminateSteps.AppServerRef.class, in -> steps.deleteVm(in.appServerId()));
        step("applyRouting", RoutingSteps.InstanceRef.class, in -> routing.applyRouting(in.instanceId()));
    }
}
