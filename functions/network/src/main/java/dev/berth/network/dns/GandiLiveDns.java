package dev.berth.network.dns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.port.Dns;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.routing.DnsRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@link Dns} on Gandi LiveDNS (v5): one rrset per name and type, replaced with PUT and removed
 * with DELETE under {@code /livedns/domains/{zone}/records/{name}/{type}}; a personal access token
 * authenticates.
 */
public final class GandiLiveDns implements Dns {
    private static final ObjectMapper JSON = dev.berth.core.json.Json.MAPPER;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String zone;
    private final String token;

    public GandiLiveDns(String baseUrl, String zone, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.zone = zone.toLowerCase(Locale.ROOT);
        this.token = token;
    }

    @Override
    public void upsert(List<DnsRecord> records) {
        for (DnsRecord record : records) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("rrset_values").add(record.type().equals("CNAME") && !record.value().endsWith(".") ? record.value() + "."
                    : record.type().equals("TXT") ? "\"" + record.value().replace("\"", "\\\"") + "\"" : record.value());
            body.put("rrset_ttl", Math.max(300, record.ttl()));
            send("PUT", record, HttpRequest.BodyPublishers.ofString(body.toString()), false);
        }
    }

    @Override
    public void delete(List<DnsRecord> records) {
        for (DnsRecord record : records) {
            send("DELETE", record, HttpRequest.BodyPublishers.noBody(), true);
        }
    }

    /** The record's name relative to the zone ({@code @} for the apex). */
    String relativeName(String fqdn) {
        String name = fqdn.toLowerCase(Locale.ROOT);
        if (name.equals(zone)) {
            return "@";
        }
        if (!name.endsWith("." + zone)) {
            throw new CloudException.Permanent(fqdn + " is not in the Gandi zone " + zone, null);
        }
        return name.substring(0, name.length() - zone.length() - 1);
    }

    private void send(String method, DnsRecord record, HttpRequest.BodyPublisher body, boolean goneIsFine) {
        URI uri = URI.create(baseUrl + "/livedns/domains/" + zone + "/records/" + relativeName(record.fqdn()) + "/" + record.type());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, body).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CloudException.Transient("Gandi did not answer " + method + " " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException.Transient("Interrupted while calling Gandi", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2 || goneIsFine && status == 404) {
            return;
        }
        String text = "Gandi answered " + status + " to " + method + " " + record.fqdn() + " " + record.type() + ": " + response.body();
        throw status >= 500 || status == 429 ? new CloudException.Transient(text, null) : new CloudException.Permanent(text, null);
    }
}
