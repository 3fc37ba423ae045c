package dev.berth.api;

import dev.berth.api.http.ApiHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.api.http.Etags;
import dev.berth.api.http.JsonBodies;
import dev.berth.api.http.Paging;
import dev.berth.api.json.CampaignJson;
import dev.berth.api.json.ListJson;
import dev.berth.core.campaign.Campaign;

/** Campaigns: batched redeploys of the instances a filter matches, run by the Campaign state machine (202). */
public final class CampaignsHandler extends ApiHandler {

    public CampaignsHandler() {
        this(ApiRoot.fromEnvironment(System.getenv()));
    }

    public CampaignsHandler(ApiRoot root) {
        route("POST /api/v1/campaigns", r -> {
            Campaign campaign = root.campaigns().create(root.caller(r), () -> CampaignJson.read(JsonBodies.object(r)));
            return item(202, campaign).header("Location", "/api/v1/campaigns/" + campaign.id());
        });
        route("GET /api/v1/campaigns", r -> {
            Paging paging = Paging.from(r);
            return ApiResponse.json(200, ListJson.of(root.campaigns().list(root.caller(r), paging.limit(), paging.cursor()).map(CampaignJson::summary)));
        });
        route("GET /api/v1/campaigns/{id}", r -> item(200, root.campaigns().get(root.caller(r), r.pathParameter("id"))));
        route("POST /api/v1/campaigns/{id}/cancel", r -> item(200, root.campaigns().cancel(root.caller(r), r.pathParameter("id"),
                Etags.expectedVersion(r.header("if-match")))));
    }

    private static ApiResponse item(int status, Campaign campaign) {
        return ApiResponse.json(status, CampaignJson.of(campaign)).header("ETag", Etags.of(campaign.version()));
    }
}
