package dev.berth.workflow.campaigns;

import dev.berth.core.auth.Principal;
import dev.berth.core.campaign.Campaign;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.Ids;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Instances;
import dev.berth.core.service.RoutingRequests;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Documents;
import dev.berth.core.service.ActivationService;
import dev.berth.core.service.AppServerService;
import dev.berth.workflow.step.PermanentStepException;
import dev.berth.workflow.step.CaughtError;
import dev.berth.workflow.step.TransientStepException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The steps of the Campaign state machine, one instance at a time: launch a new app server (its
 * id recorded first, so a retried step never launches twice), wait for it to run, activate it and
 * wait for the activation's health gate (which puts the old one back if the new one does not
 * answer: that instance failed), or record why it failed. A stopped or cancelled campaign skips what has not started.
 */
public final class CampaignSteps {
    private static final Principal ACTOR = Principal.system("campaign");
    /** How long a gated sync may take to show up (it starts with the activation) before the wait is given up. */
    private static final java.time.Duration GATE_NOT_FOUND = java.time.Duration.ofMinutes(15);
    private final Documents<Campaign> campaigns;
    private final AppServers appServers;
    private final AppServerService lifecycle;
    private final ActivationService activation;
    private final Instances instances;
    private final Workflows workflows;
    private final Clock clock;

    public record ItemRef(String campaignId, String instanceId) {
    }

    public record ItemFailure(String campaignId, String instanceId, CaughtError failure) {
    }

    public record CampaignRef(String campaignId) {
    }

    public record CampaignFailure(String campaignId, CaughtError failure) {
    }

    /** {@code launched}, {@code skipped}, {@code waiting}, {@code running}, {@code done}, {@code failed}... */
    public record Outcome(String state, String appServerId) {
    }

    public CampaignSteps(Documents<Campaign> campaigns, AppServers appServers, AppServerService lifecycle, ActivationService activation,
                         Instances instances, Workflows workflows, Clock clock) {
        this.instances = instances;
        this.workflows = workflows;
        this.campaigns = campaigns;
        this.appServers = appServers;
        this.lifecycle = lifecycle;
        this.activation = activation;
        this.clock = clock;
    }

    public Outcome launch(String campaignId, String instanceId) {
        Campaign campaign = campaigns.get(campaignId, "Campaign");
        Campaign.Item item = campaign.item(instanceId);
        if (item.appServerId() == null) {
            // Only a pending item of a running campaign starts: a cancel between the reads wins.
            String chosen = Ids.appServer();
            Campaign recorded = change(campaignId, instanceId, (current, i) -> i.state() == Campaign.ItemState.PENDING
                    && current.state() == Campaign.State.RUNNING && !current.failedTooOften()
                    ? i.with(Campaign.ItemState.LAUNCHING, chosen, null, clock.instant()) : i);
            item = recorded.item(instanceId);
            if (item.appServerId() == null) {
                String why = recorded.state() == Campaign.State.RUNNING ? "the campaign stopped: too many failures"
                        : "the campaign is " + recorded.state().wireName();
                change(campaignId, instanceId, (current, i) -> i.state() == Campaign.ItemState.PENDING
                        ? i.with(Campaign.ItemState.SKIPPED, null, why, clock.instant()) : i);
                return new Outcome("skipped", null);
            }
        }
        if (appServers.find(item.appServerId()).isEmpty()) { // recorded, then a crash before the launch: launch it now
            try {
                lifecycle.launch(ACTOR, instanceId, false, item.appServerId());
            } catch (BerthException e) {
                if (!"already_exists".equals(e.code())) {
                    throw e; // StepErrors says whether a retry may help
                }
            }
        }
        return new Outcome("launched", item.appServerId());
    }

    /** Running: go on; failed, in error or terminated: this instance failed; else wait more. */
    public Outcome check(String campaignId, String instanceId) {
        String appServerId = campaigns.get(campaignId, "Campaign").item(instanceId).appServerId();
        Optional<AppServer> server = appServers.find(appServerId);
        if (server.isEmpty()) {
            throw new PermanentStepException("App server " + appServerId + " is gone", null);
        }
        AppServerStatus status = server.get().status();
        if (status == AppServerStatus.RUNNING) {
            return new Outcome("running", appServerId);
        }
        if (status == AppServerStatus.FAILED || status == AppServerStatus.ERROR || status == AppServerStatus.TERMINATED) {
            throw new PermanentStepException("App server " + appServerId + " ended " + status.wireName()
                    + (server.get().failureReason() == null ? "" : ": " + server.get().failureReason().lines().findFirst().orElse("")), null);
        }
        return new Outcome("waiting", appServerId);
    }

    /**
     * Activates the running app server (unless the campaign only launches, or was cancelled
     * meanwhile): {@code activating} until its routing's health gate decides ({@link #checkGate}).
     */
    public Outcome activate(String campaignId, String instanceId) {
        Campaign campaign = campaigns.get(campaignId, "Campaign");
        Campaign.Item item = campaign.item(instanceId);
        String appServerId = item.appServerId();
        if (campaign.state() == Campaign.State.CANCELLED) {
            change(campaignId, instanceId, (current, i) -> i.with(Campaign.ItemState.SKIPPED, appServerId, "cancelled before its activation: "
                    + appServerId + " runs, inactive", clock.instant()));
            return new Outcome("skipped", appServerId);
        }
        if (!campaign.activate()) {
            change(campaignId, instanceId, (current, i) -> i.with(Campaign.ItemState.DONE, appServerId, "launched, not activated", clock.instant()));
            return new Outcome("done", appServerId);
        }
        if (item.gate() == null) {
            if (!appServers.get(appServerId).active()) {
                activation.activate(ACTOR, appServerId, null);
            }
            // The activation wrote the instance's new active set at this version and started that version's gated sync.
            Instance instance = instances.get(instanceId);
            String gate = RoutingRequests.gatedExecution(instance);
            change(campaignId, instanceId, (current, i) -> i.gate() != null ? i : i.gatedBy(gate, clock.instant()));
        }
        return new Outcome("activating", appServerId);
    }

    /** The health gate's verdict: the new app server still active once its sync ended (else it was rolled back). */
    public Outcome checkGate(String campaignId, String instanceId) {
        Campaign.Item item = campaigns.get(campaignId, "Campaign").item(instanceId);
        Optional<String> sync = workflows.status(RoutingRequests.STATE_MACHINE, item.gate());
        if (sync.isEmpty() && item.updatedAt().isBefore(clock.instant().minus(GATE_NOT_FOUND))) {
            throw new PermanentStepException("The routing execution " + item.gate() + " of " + item.appServerId() + " was never found", null);
        }
        if (sync.isEmpty() || sync.get().equals("RUNNING")) {
            return new Outcome("activating", item.appServerId());
        }
        AppServer server = appServers.get(item.appServerId());
        if (!server.active()) {
            throw new PermanentStepException("The health gate took " + item.appServerId() + " out again"
                    + (server.failureReason() == null ? "" : ": " + server.failureReason().lines().findFirst().orElse("")), null);
        }
        if (!sync.get().equals("SUCCEEDED")) {
            throw new PermanentStepException("The routing of " + item.appServerId() + " ended " + sync.get().toLowerCase(java.util.Locale.ROOT), null);
        }
        change(campaignId, instanceId, (current, i) -> i.with(Campaign.ItemState.DONE, item.appServerId(), "activated: the health gate passed",
                clock.instant()));
        return new Outcome("done", item.appServerId());
    }

    /** The Map itself failed (a step out of retries): the campaign ends failed, with why. */
    public Outcome abandon(String campaignId, CaughtError failure) {
        end(campaignId, Campaign.State.FAILED, "stopped: " + (failure == null || failure.cause() == null ? "unknown" : failure.cause()));
        return new Outcome("failed", null);
    }

    /** The instance failed; more failures than tolerated stop the campaign (what has not started is skipped). */
    public Outcome recordFailure(String campaignId, String instanceId, CaughtError failure) {
        String cause = failure == null || failure.cause() == null ? "unknown" : failure.cause();
        Campaign after = change(campaignId, instanceId, (current, i) -> i.with(Campaign.ItemState.FAILED, i.appServerId(), cause, clock.instant()));
        if (after.state() == Campaign.State.RUNNING && after.failedTooOften()) {
            end(campaignId, Campaign.State.FAILED, after.count(Campaign.ItemState.FAILED) + " instance(s) failed, more than the "
                    + after.maxFailures() + " tolerated: stopped");
        }
        return new Outcome("failed", null);
    }

    /** After the last instance: succeeded, unless it was stopped or cancelled. */
    public Outcome finish(String campaignId) {
        Campaign campaign = campaigns.get(campaignId, "Campaign");
        if (campaign.state() == Campaign.State.RUNNING) {
            campaign = end(campaignId, campaign.failedTooOften() ? Campaign.State.FAILED : Campaign.State.SUCCEEDED,
                    campaign.count(Campaign.ItemState.DONE) + " of " + campaign.items().size() + " instance(s) redeployed");
        }
        return new Outcome(campaign.state().wireName(), null);
    }

    private Campaign end(String campaignId, Campaign.State state, String why) {
        for (int attempt = 1; ; attempt++) {
            Campaign current = campaigns.get(campaignId, "Campaign");
            if (current.state() != Campaign.State.RUNNING) {
                return current;
            }
            Campaign ended = current.ended(state, why, clock.instant());
            try {
                campaigns.update(current, ended, Set.of(), Set.of(), new dev.berth.core.audit.AuditEntry(campaignId, "campaign", state.wireName(),
                        ACTOR.actor(), ended.updatedAt(), current.version(), ended.version(), why));
                return ended;
            } catch (BerthException e) {
                retryOrThrow(e, attempt);
            }
        }
    }

    /** One item's change, at the campaign's version; concurrent instances of the Map retry on each other's writes. */
    private Campaign change(String campaignId, String instanceId, BiFunction<Campaign, Campaign.Item, Campaign.Item> change) {
        for (int attempt = 1; ; attempt++) {
            Campaign current = campaigns.get(campaignId, "Campaign");
            Campaign next = current.withItem(instanceId, change, clock.instant());
            if (next.items().equals(current.items())) {
                return current;
            }
            try {
                campaigns.update(current, next, Set.of(), Set.of(), null);
                return next;
            } catch (BerthException e) {
                retryOrThrow(e, attempt);
            }
        }
    }

    private static void retryOrThrow(BerthException e, int attempt) {
        boolean contended = e.kind() == BerthException.Kind.PRECONDITION_FAILED || "transaction_conflict".equals(e.code());
        if (!contended) {
            throw e;
        }
        if (attempt >= 20) {
            throw new TransientStepException("The campaign record is busy: " + e.getMessage(), e);
        }
        try {
            Thread.sleep(10L * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
