package dev.berth.workflow.drupal;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.drupal.DrupalSteps.CodeRef;
import dev.berth.workflow.drupal.DrupalSteps.ExecutionRef;
import dev.berth.workflow.drupal.DrupalSteps.SiteFailure;
import dev.berth.workflow.drupal.DrupalSteps.SiteOfExecution;
import dev.berth.workflow.drupal.DrupalSteps.SiteOperation;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of DeployCode, SiteLifecycle and RunCommand. */
public final class DrupalStepsHandler extends StepsHandler {

    public DrupalStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public DrupalStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        DrupalSteps steps = root.drupalSteps();
        step("deployCode", CodeRef.class, in -> steps.deployCode(in.codeId()));
        step("site", SiteOperation.class, in -> steps.run(in.siteId(), in.operation()));
        step("failSite", SiteFailure.class, in -> steps.fail(in.siteId(), in.operation(), in.failure()));
        step("runOnSite", SiteOfExecution.class, in -> steps.runOnSite(in.executionId(), in.siteId()));
        step("finish", ExecutionRef.class, in -> steps.finish(in.executionId()));
    }
}
