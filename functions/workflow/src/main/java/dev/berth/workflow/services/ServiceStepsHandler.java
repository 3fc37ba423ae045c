package dev.berth.workflow.services;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.services.ServiceSteps.BuildInput;
import dev.berth.workflow.services.ServiceSteps.ColourRef;
import dev.berth.workflow.services.ServiceSteps.FailureInput;
import dev.berth.workflow.services.ServiceSteps.PromoteInput;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of ServiceColour, BuildService and PromoteService. */
public final class ServiceStepsHandler extends StepsHandler {

    public ServiceStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public ServiceStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        ServiceSteps steps = root.serviceSteps();
        step("launch", ColourRef.class, in -> steps.launch(in.service(), in.colour()));
        step("checkLaunch", ColourRef.class, in -> steps.checkLaunch(in.service(), in.colour()));
        step("failLaunch", FailureInput.class, in -> steps.failLaunch(in.service(), in.colour(), in.failure()));
        step("startNew", ColourRef.class, in -> steps.startNew(in.service(), in.colour()));
        step("checkNew", ColourRef.class, in -> steps.checkNew(in.service(), in.colour()));
        step("swap", ColourRef.class, in -> steps.swap(in.service(), in.colour()));
        step("abandonNew", FailureInput.class, in -> steps.abandonNew(in.service(), in.colour(), in.failure()));
        step("terminate", ColourRef.class, in -> steps.terminate(in.service(), in.colour()));
        step("build", BuildInput.class, in -> steps.build(in.service(), in.colour(), in.gitUrl(), in.commit(), in.nodeId()));
        step("applyRouting", PromoteInput.class, in -> steps.applyRouting(in.service()));
        step("healthGate", PromoteInput.class, in -> steps.healthGate(in.service(), in.colour()));
        step("rollback", PromoteInput.class, in -> steps.rollback(in.service(), in.colour(), in.previous(), in.failure()));
    }
}
