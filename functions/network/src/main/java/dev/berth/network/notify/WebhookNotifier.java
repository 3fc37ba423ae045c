package dev.berth.network.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import dev.berth.core.monitoring.Notification;
import dev.berth.core.port.Notifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Incident notices as a JSON POST: {@code text} is what Slack's (and Mattermost's, Teams')
 * incoming webhooks show; the other fields are for receivers that act on them. The URL is a
 * secret (it lets anyone post): it is never logged, and failures name the host only.
 */
public final class WebhookNotifier implements Notifier {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final String channel;

    public WebhookNotifier(String url) {
        this(url, "webhook");
    }

    /** @param channel how the incident's notices name it ({@code webhook}, {@code instance webhook}) */
    public WebhookNotifier(String url, String channel) {
        this.channel = channel;
        URI parsed;
        try {
            parsed = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("The alert webhook is not a URL (its value is a secret: not shown)");
        }
        if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("The alert webhook must be an http(s) URL (its value is a secret: not shown)");
        }
        this.url = parsed;
    }

    /** The webhook, or, set wrongly, a channel whose every notice fails with why (the others still go). */
    public static Notifier orFailing(String url) {
        return orFailing(url, "webhook");
    }

    public static Notifier orFailing(String url, String channel) {
        try {
            return new WebhookNotifier(url, channel);
        } catch (IllegalArgumentException e) {
            return new Notifier() {
                @Override
                public String channel() {
                    return channel;
                }

                @Override
                public void send(Notification notification) {
                    throw new IllegalStateException(e.getMessage());
                }
            };
        }
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public void send(Notification notification) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("text", notification.headline());
        body.put("kind", notification.kind().name().toLowerCase(Locale.ROOT));
        body.put("incidentId", notification.incidentId());
        body.put("instanceId", notification.instanceId());
        body.put("instanceName", notification.instanceName());
        body.put("url", notification.url());
        body.put("reason", notification.reason());
        body.put("at", notification.at().toString());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("the webhook at " + url.getHost() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to the webhook at " + url.getHost(), e);
        }
        if (status / 100 != 2) {
            throw new IllegalStateException("the webhook at " + url.getHost() + " answered HTTP " + status);
        }
    }
}
