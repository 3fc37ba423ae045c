package dev.berth.workflow.sandbox;

import dev.berth.core.sandbox.SandboxService;
import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of the PullRequestSandbox state machine; the policy is the core's {@link SandboxService}. */
public final class SandboxStepsHandler extends StepsHandler {

    public record Handle(String repository, int number, String action) {
    }

    public record LaunchRef(String appServerId, String instanceId, String headSha) {
    }

    public record Activate(String appServerId, String repository, String headSha) {
    }

    public record Failure(String appServerId, String repository, String headSha, String reason) {
    }

    public record Done(boolean done) {
    }

    public SandboxStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public SandboxStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        SandboxService sandboxes = root.sandboxes();
        step("handle", Handle.class, in -> sandboxes.handle(in.repository(), in.number(), in.action()));
        step("checkLaunch", LaunchRef.class, in -> sandboxes.checkLaunch(in.appServerId(), in.instanceId(), in.headSha()));
        step("activate", Activate.class, in -> {
            sandboxes.activate(in.appServerId(), in.repository(), in.headSha());
            return new Done(true);
        });
        step("reportFailure", Failure.class, in -> {
            sandboxes.reportFailure(in.appServerId(), in.repository(), in.headSha(), in.reason());
            return new Done(true);
        });
    }
}
