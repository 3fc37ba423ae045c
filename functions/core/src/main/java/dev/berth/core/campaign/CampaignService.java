package dev.berth.core.campaign;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Campaigns: created with the instances their filter matches now, run by the Campaign state machine, cancelled cooperatively. */
public final class CampaignService {
    public static final String MACHINE = "Campaign";
    public static final int MAX_BATCH = 50;
    /** The campaign is one record, rewritten as each instance moves on: 500 instances keep it well under DynamoDB's 400 KB. */
    public static final int MAX_INSTANCES = 500;
    private final Documents<Campaign> campaigns;
    private final Instances instances;
    private final Workflows workflows;
    private final int pollSeconds;
    private final Clock clock;

    public CampaignService(Documents<Campaign> campaigns, Instances instances, Workflows workflows, int pollSeconds, Clock clock) {
        this.campaigns = campaigns;
        this.instances = instances;
        this.workflows = workflows;
        this.pollSeconds = pollSeconds;
        this.clock = clock;
    }

    /** The request is read after the role check: a caller who may not start one learns nothing from a malformed body. */
    public Campaign create(Principal caller, Supplier<CampaignRequest> input) {
        caller.require(Role.MANAGER);
        CampaignRequest request = input.get();
        Map<String, String> errors = new LinkedHashMap<>();
        int batch = request.batchSize() == null ? 5 : request.batchSize();
        int tolerated = request.maxFailures() == null ? 0 : request.maxFailures();
        if (batch < 1 || batch > MAX_BATCH) {
            errors.put("batchSize", "must be from 1 to " + MAX_BATCH);
        }
        if (tolerated < 0 || tolerated > MAX_INSTANCES) {
            errors.put("maxFailures", "must be from 0 to " + MAX_INSTANCES);
        }
        Campaign.Filter filter = request.filter();
        if (filter == null || filter.empty()) {
            errors.put("filter", "say which instances: instanceIds, release, repository, sandbox, or {\"all\": true} for every active instance");
        } else if (filter.instanceIds() != null && (filter.instanceIds().isEmpty() || filter.instanceIds().size() > MAX_INSTANCES)) {
            errors.put("filter.instanceIds", "must list from 1 to " + MAX_INSTANCES + " ids");
        }
        if (!errors.isEmpty()) {
            throw BerthException.invalid(errors);
        }
        List<Instance> matched = select(filter);
        if (matched.isEmpty()) {
            throw BerthException.invalid("filter", "no active instance matches it");
        }
        if (matched.size() > MAX_INSTANCES) {
            throw BerthException.invalid("filter", "matches " + matched.size() + " instances; a campaign takes at most " + MAX_INSTANCES);
        }
        Instant now = clock.instant();
        List<Campaign.Item> items = matched.stream()
                .map(i -> new Campaign.Item(i.id(), i.settings().name(), Campaign.ItemState.PENDING, null, null, null, now)).toList();
        boolean activate = request.activate() == null || request.activate();
        Campaign campaign = new Campaign("cmp-" + Ids.ulid(now), filter, batch, tolerated, activate, Campaign.State.RUNNING, items, null,
                caller.actor(), now, now, null, 1);
        campaigns.create(campaign, Set.of(), new AuditEntry(campaign.id(), "campaign", "create", caller.actor(), now, null, 1L,
                "redeploy of " + items.size() + " instance(s), " + batch + " at a time, " + tolerated + " failure(s) tolerated"
                        + (activate ? ", activating each" : "")));
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("campaignId", campaign.id());
        execution.put("batchSize", batch);
        execution.put("pollSeconds", pollSeconds);
        execution.put("instanceIds", items.stream().map(Campaign.Item::instanceId).toList());
        try {
            workflows.start(MACHINE, campaign.id(), Json.write(execution));
        } catch (RuntimeException e) {
            // Nothing will run it: it must not stay "running".
            Campaign failed = campaign.ended(Campaign.State.FAILED, "its state machine could not start: " + e.getMessage(), clock.instant());
            campaigns.update(campaign, failed, Set.of(), Set.of(), new AuditEntry(campaign.id(), "campaign", "failed", caller.actor(),
                    failed.updatedAt(), campaign.version(), failed.version(), failed.reason()));
            throw e;
        }
        return campaign;
    }

    public Page<Campaign> list(Principal caller, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return campaigns.list(limit, cursor);
    }

    public Campaign get(Principal caller, String id) {
        caller.require(Role.VIEWER);
        return campaigns.get(id, "Campaign");
    }

    /**
     * Stops a running campaign: instances not started are skipped, a launch under way finishes
     * but its app server is not activated. {@code expectedVersion}: the caller's If-Match, or null.
     */
    public Campaign cancel(Principal caller, String id, Long expectedVersion) {
        caller.require(Role.MANAGER);
        for (int attempt = 1; ; attempt++) {
            Campaign current = campaigns.get(id, "Campaign");
            if (expectedVersion != null && expectedVersion != current.version()) {
                throw BerthException.stale(current.version());
            }
            if (current.state() != Campaign.State.RUNNING) {
                throw BerthException.conflict("campaign_over", "Campaign " + id + " is already " + current.state().wireName(), Map.of());
            }
            Campaign cancelled = current.ended(Campaign.State.CANCELLED, "cancelled by " + caller.actor(), clock.instant());
            try {
                campaigns.update(current, cancelled, Set.of(), Set.of(), new AuditEntry(id, "campaign", "cancel", caller.actor(),
                        cancelled.updatedAt(), current.version(), cancelled.version(), "cancelled"));
                return cancelled;
            } catch (BerthException e) {
                if (expectedVersion != null || e.kind() != BerthException.Kind.PRECONDITION_FAILED && e.kind() != BerthException.Kind.CONFLICT
                        || attempt == 8) {
                    throw e;
                }
            }
        }
    }

    /** The active instances the filter matches, by id. */
    private List<Instance> select(Campaign.Filter filter) {
        List<Instance> matched = new ArrayList<>();
        if (filter.instanceIds() != null) {
            for (String id : new LinkedHashSet<>(filter.instanceIds())) {
                Instance instance = instances.find(id).orElseThrow(() -> BerthException.invalid("filter.instanceIds", "no instance " + id));
                if (matches(filter, instance)) {
                    matched.add(instance);
                }
            }
            return matched;
        }
        String cursor = null;
        do {
            Page<Instance> page = instances.list(InstanceStatus.ACTIVE, null, 100, cursor);
            page.items().stream().filter(i -> matches(filter, i)).forEach(matched::add);
            cursor = page.nextCursor();
        } while (cursor != null && matched.size() <= MAX_INSTANCES);
        return matched;
    }

    private static boolean matches(Campaign.Filter filter, Instance instance) {
        return instance.status() == InstanceStatus.ACTIVE
                && (filter.release() == null || filter.release().equals(instance.settings().openedxRelease()))
                && (filter.repository() == null || instance.isSandbox() && filter.repository().equalsIgnoreCase(instance.pullRequest().repository()))
                && (filter.sandbox() == null || filter.sandbox() == instance.isSandbox());
    }
}
