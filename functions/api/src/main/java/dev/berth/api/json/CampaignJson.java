package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.campaign.Campaign;
import dev.berth.core.campaign.CampaignRequest;
import dev.berth.core.json.Json;
import java.util.Set;

/** Campaigns as api.md shows them, and the request that starts one. */
public final class CampaignJson {
    private static final Set<String> FIELDS = Set.of("filter", "batchSize", "maxFailures", "activate");
    private static final Set<String> FILTER_FIELDS = Set.of("instanceIds", "release", "repository", "sandbox", "all");
    private static final Set<String> READ_ONLY = Set.of("id", "state", "items", "reason", "createdBy", "createdAt", "updatedAt", "finishedAt",
            "version", "counts");

    private CampaignJson() {
    }

    public static CampaignRequest read(ObjectNode body) {
        FieldReader fields = new FieldReader(body).allowOnly(FIELDS, READ_ONLY, "a campaign");
        Campaign.Filter filter = null;
        JsonNode node = body.get("filter");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                fields.problem("filter", "must be an object");
            } else {
                FieldReader f = new FieldReader(node).allowOnly(FILTER_FIELDS, Set.of(), "a campaign's filter");
                filter = new Campaign.Filter(f.texts("instanceIds", null), f.text("release"), f.text("repository"),
                        node.has("sandbox") && !node.get("sandbox").isNull() ? f.bool("sandbox", false) : null, f.bool("all", false));
                f.problems().forEach((k, v) -> fields.problem("filter." + k, v));
            }
        }
        Integer batchSize = body.has("batchSize") ? fields.integer("batchSize", 5) : null;
        Integer maxFailures = body.has("maxFailures") ? fields.integer("maxFailures", 0) : null;
        Boolean activate = body.has("activate") ? fields.bool("activate", true) : null;
        fields.done();
        return new CampaignRequest(filter, batchSize, maxFailures, activate);
    }

    /** In a list: everything but the items (a page of full campaigns could outgrow a response). */
    public static ObjectNode summary(Campaign campaign) {
        ObjectNode node = of(campaign);
        node.remove("items");
        return node;
    }

    public static ObjectNode of(Campaign campaign) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", campaign.id());
        node.put("state", campaign.state().wireName());
        ObjectNode filter = node.putObject("filter");
        Campaign.Filter f = campaign.filter();
        if (f.instanceIds() != null) {
            ArrayNode ids = filter.putArray("instanceIds");
            f.instanceIds().forEach(ids::add);
        }
        if (f.release() != null) {
            filter.put("release", f.release());
        }
        if (f.repository() != null) {
            filter.put("repository", f.repository());
        }
        if (f.sandbox() != null) {
            filter.put("sandbox", f.sandbox());
        }
        if (f.all()) {
            filter.put("all", true);
        }
        node.put("batchSize", campaign.batchSize());
        node.put("maxFailures", campaign.maxFailures());
        node.put("activate", campaign.activate());
        ObjectNode counts = node.putObject("counts");
        for (Campaign.ItemState state : Campaign.ItemState.values()) {
            counts.put(state.wireName(), campaign.count(state));
        }
        ArrayNode items = node.putArray("items");
        for (Campaign.Item item : campaign.items()) {
            ObjectNode i = items.addObject();
            i.put("instanceId", item.instanceId());
            i.put("instanceName", item.instanceName());
            i.put("state", item.state().wireName());
            i.put("appServerId", item.appServerId());
            i.put("gate", item.gate());
            i.put("reason", item.reason());
            i.put("updatedAt", item.updatedAt().toString());
        }
        node.put("reason", campaign.reason());
        node.put("createdBy", campaign.createdBy());
        node.put("createdAt", campaign.createdAt().toString());
        node.put("updatedAt", campaign.updatedAt().toString());
        node.put("finishedAt", campaign.finishedAt() == null ? null : campaign.finishedAt().toString());
        node.put("version", campaign.version());
        return node;
    }
}
