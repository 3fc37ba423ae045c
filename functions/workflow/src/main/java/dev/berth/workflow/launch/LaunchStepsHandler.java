package dev.berth.workflow.launch;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.launch.LaunchSteps.AppServerRef;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind every Task of the LaunchAppServer state machine. */
public final class LaunchStepsHandler extends StepsHandler {

    public LaunchStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public LaunchStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        LaunchSteps steps = root.launchSteps();
        step("prepare", AppServerRef.class, in -> steps.prepare(in.appServerId()));
        step("ensureSecurityGroup", AppServerRef.class, in -> steps.ensureSecurityGroup(in.appServerId()));
        step("bootVm", AppServerRef.class, in -> steps.bootVm(in.appServerId()));
        step("checkVm", AppServerRef.class, in -> steps.checkVm(in.appServerId()));
        step("startDeploy", AppServerRef.class, in -> steps.startDeploy(in.appServerId()));
        step("pollDeploy", AppServerRef.class, in -> steps.pollDeploy(in.appServerId()));
        step("checkHeartbeat", AppServerRef.class, in -> steps.checkHeartbeat(in.appServerId()));
        step("recordFailure", LaunchSteps.FailureInput.class, in -> steps.recordFailure(in.appServerId(), in.status(), in.failure()));
    }
}
