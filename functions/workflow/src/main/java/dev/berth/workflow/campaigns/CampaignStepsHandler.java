package dev.berth.workflow.campaigns;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.campaigns.CampaignSteps.CampaignFailure;
import dev.berth.workflow.campaigns.CampaignSteps.CampaignRef;
import dev.berth.workflow.campaigns.CampaignSteps.ItemFailure;
import dev.berth.workflow.campaigns.CampaignSteps.ItemRef;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks of the Campaign state machine. */
public final class CampaignStepsHandler extends StepsHandler {

    public CampaignStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public CampaignStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        CampaignSteps steps = root.campaignSteps();
        step("launch", ItemRef.class, in -> steps.launch(in.campaignId(), in.instanceId()));
        step("check", ItemRef.class, in -> steps.check(in.campaignId(), in.instanceId()));
        step("activate", ItemRef.class, in -> steps.activate(in.campaignId(), in.instanceId()));
        step("checkGate", ItemRef.class, in -> steps.checkGate(in.campaignId(), in.instanceId()));
        step("abandon", CampaignFailure.class, in -> steps.abandon(in.campaignId(), in.failure()));
        step("recordFailure", ItemFailure.class, in -> steps.recordFailure(in.campaignId(), in.instanceId(), in.failure()));
        step("finish", CampaignRef.class, in -> steps.finish(in.campaignId()));
    }
}
