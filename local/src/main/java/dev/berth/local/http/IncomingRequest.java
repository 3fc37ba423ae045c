package dev.berth.local.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as received, before it becomes an API Gateway event.
 *
 * @param rawPath     percent-encoded, as on the request line
 * @param rawQuery    percent-encoded, without '?', empty when none
 * @param headers     in arrival order; a header sent twice appears twice
 * @param domainName  the Host header without port
 */
public record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        String protocol,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String sourceIp,
        String domainName,
        String requestId,
        Instant time) {
}
