package dev.berth.core.campaign;

/** What a manager asks for: which instances, how many at a time, how many failures to tolerate, whether to activate. */
public record CampaignRequest(Campaign.Filter filter, Integer batchSize, Integer maxFailures, Boolean activate) {
}
