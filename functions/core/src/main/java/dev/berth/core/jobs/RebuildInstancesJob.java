package dev.berth.core.jobs;

import dev.berth.core.auth.Principal;
import dev.berth.core.campaign.Campaign;
import dev.berth.core.campaign.CampaignRequest;
import dev.berth.core.campaign.CampaignService;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Periodic rebuilds: instances whose {@code rebuildSchedule} is due (daily, weekly; counted from
 * their newest app server, with some slack so that a daily run at a drifting time still counts)
 * are relaunched together in one campaign, which activates each new app server once it runs,
 * the old one active until then. A served instance only; not one with a launch or a campaign under way.
 */
public final class RebuildInstancesJob implements Job {
    private static final Duration SLACK = Duration.ofHours(4);
    private final Fleet fleet;
    private final Documents<Campaign> campaigns;
    private final CampaignService campaignService;
    private final int batchSize;
    private final Clock clock;

    public RebuildInstancesJob(Fleet fleet, Documents<Campaign> campaigns, CampaignService campaignService, int batchSize, Clock clock) {
        this.fleet = fleet;
        this.campaigns = campaigns;
        this.campaignService = campaignService;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    @Override
    public String name() {
        return JobNames.REBUILD_INSTANCES;
    }

    @Override
    public JobReport run() {
        JobLog log = new JobLog(name());
        Instant now = clock.instant();
        Set<String> underWay = inRunningCampaigns();
        List<String> due = new ArrayList<>();
        int examined = fleet.forEachInstance((instance, servers) -> {
            if (isDue(instance, servers, now) && !underWay.contains(instance.id())) {
                due.add(instance.id());
            }
        });
        if (!due.isEmpty()) {
            log.attempt("campaign", () -> {
                Campaign campaign = campaignService.create(Principal.system(name()), () -> new CampaignRequest(
                        new Campaign.Filter(due, null, null, null, false), Math.min(batchSize, CampaignService.MAX_BATCH), due.size(), true));
                return "campaign " + campaign.id() + " rebuilds " + String.join(", ", due);
            });
        }
        return log.report(examined);
    }

    private static boolean isDue(Instance instance, List<AppServer> servers, Instant now) {
        Duration every = switch (instance.settings().rebuildSchedule()) {
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            default -> null;
        };
        if (every == null || instance.status() != InstanceStatus.ACTIVE || instance.activeAppServerIds().isEmpty()
                || servers.stream().anyMatch(s -> !s.status().isSettled())) {
            return false;
        }
        Instant newest = servers.stream().map(AppServer::createdAt).max(Instant::compareTo).orElse(Instant.MIN);
        return !newest.plus(every).minus(SLACK).isAfter(now);
    }

    private Set<String> inRunningCampaigns() {
        Set<String> ids = new HashSet<>();
        for (Campaign campaign : campaigns.all()) {
            if (campaign.state() == Campaign.State.RUNNING) {
                campaign.items().forEach(item -> ids.add(item.instanceId()));
            }
        }
        return ids;
    }
}
