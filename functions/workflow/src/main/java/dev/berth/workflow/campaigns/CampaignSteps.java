package dev.berth.workflow.campaigns;

import dev.berth.core.auth.Principal;
import dev.berth.core.campaign.Campaign;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
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
import java.util.function.UnaryOperator;

/**
 * The steps of the Campaign state machine, one instance at a time: launch a new app server (its
 * id recorded first, so a retried step never launches twice), wait for it to run, activate it
 * (the activation's health gate puts the old one back if the new one does not answer), or record
 * why it failed. A stopped or cancelled campaign skips what has not started.
 */
public final class CampaignSteps {
    private static final Principal ACTOR = Principal.system("campaign");
    private final Documents<Campaign> campaigns;
    private final AppServers appServers;
    private final AppServerService lifecycle;
    private final ActivationService activation;
    private final Clock clock;

    public record ItemRef(String campaignId, String instanceId) {
    }

    public record ItemFailure(String campaignId, String instanceId, CaughtError failure) {
    }

    public record CampaignRef(String campaignId) {
    }

    /** {@code launched}, {@code skipped}, {@code waiting}, {@code running}, {@code done}, {@code failed}... */
    public record Outcome(String state, String appServerId) {
    }

    public CampaignSteps(Documents<Campaign> campaigns, AppServers appServers, AppServerService lifecycle, ActivationService activation,
                         Clock clock) {
        this.campaigns = campaigns;
        this.appServers = appServers;
        this.lifecycle = lifecycle;
        this.activation = activation;
        this.clock = clock;
    }

    public Outcome launch(String campaignId, String instanceId) {
        Campaign campaign = campaigns.get(campaignId, "Campaign");
        Campaign.Item item = campaign.item(instanceId);
        if (item.appServerId() != null) {
            return new Outcome("launched", item.appServerId()); // a retried step: the launch was recorded
        }
        if (campaign.state() != Campaign.State.RUNNING || campaign.failedTooOften()) {
            String why = campaign.state() == Campaign.State.RUNNING ? "the campaign stopped: too many failures" : "the campaign is " + campaign.state().wireName();
            change(campaignId, instanceId, i -> i.state() == Campaign.ItemState.PENDING ? i.with(Campaign.ItemState.SKIPPED, null, why, clock.instant()) : i);
            return new Outcome("skipped", null);
        }
        String appServerId = dev.berth.core.Ids.appServer();
        Campaign recorded = change(campaignId, instanceId, i -> i.appServerId() != null ? i
                : i.with(Campaign.ItemState.LAUNCHING, appServerId, null, clock.instant()));
        String chosen = recorded.item(instanceId).appServerId();
        try {
            lifecycle.launch(ACTOR, instanceId, false, chosen);
        } catch (BerthException e) {
            if (!"duplicate".equals(e.code())) { // a duplicate: launched already, before a crash
                throw new PermanentStepException(e.getMessage(), e);
            }
        }
        return new Outcome("launched", chosen);
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

    /** Activates the running app server (unless the campaign only launches, or was cancelled meanwhile). */
    public Outcome activate(String campaignId, String instanceId) {
        Campaign campaign = campaigns.get(campaignId, "Campaign");
        String appServerId = campaign.item(instanceId).appServerId();
        if (campaign.state() == Campaign.State.CANCELLED) {
            change(campaignId, instanceId, i -> i.with(Campaign.ItemState.SKIPPED, appServerId, "cancelled before its activation: "
                    + appServerId + " runs, inactive", clock.instant()));
            return new Outcome("skipped", appServerId);
        }
        if (campaign.activate()) {
            AppServer server = appServers.get(appServerId);
            if (!server.active()) {
                change(campaignId, instanceId, i -> i.with(Campaign.ItemState.ACTIVATING, appServerId, null, clock.instant()));
                activation.activate(ACTOR, appServerId, null);
            }
        }
        change(campaignId, instanceId, i -> i.with(Campaign.ItemState.DONE, appServerId,
                campaign.activate() ? "activated" : "launched, not activated", clock.instant()));
        return new Outcome("done", appServerId);
    }

    /** The instance failed; more failures than tolerated stop the campaign (what has not started is skipped). */
    public Outcome recordFailure(String campaignId, String instanceId, CaughtError failure) {
        String cause = failure == null || failure.cause() == null ? "unknown" : failure.cause();
        Campaign after = change(campaignId, instanceId, i -> i.with(Campaign.ItemState.FAILED, i.appServerId(), cause, clock.instant()));
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
    private Campaign change(String campaignId, String instanceId, UnaryOperator<Campaign.Item> change) {
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
