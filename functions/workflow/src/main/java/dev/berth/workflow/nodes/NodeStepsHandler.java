package dev.berth.workflow.nodes;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.nodes.NodeSteps.DestroyInput;
import dev.berth.workflow.nodes.NodeSteps.FailureInput;
import dev.berth.workflow.nodes.NodeSteps.NodeRef;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of CreateNode and DestroyNode. */
public final class NodeStepsHandler extends StepsHandler {

    public NodeStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public NodeStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        NodeSteps steps = root.nodeSteps();
        step("boot", NodeRef.class, in -> steps.boot(in.nodeId()));
        step("check", NodeRef.class, in -> steps.check(in.nodeId()));
        step("recordError", FailureInput.class, in -> steps.recordError(in.nodeId(), null, in.failure()));
        step("terminateWorkloads", DestroyInput.class, in -> steps.terminateWorkloads(in.nodeId()));
        step("deleteVm", DestroyInput.class, in -> steps.deleteVm(in.nodeId()));
        step("forget", DestroyInput.class, in -> steps.forget(in.nodeId()));
    }
}
