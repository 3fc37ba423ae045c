package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The API answered with an error status; carries its {@code error}, {@code message} and {@code details}. */
public final class ApiException extends CliException {
    private final int status;
    private final String code;
    private final JsonNode body;
    private final String etag;

    ApiException(int status, String code, String message, JsonNode body, String etag) {
        super(ExitCode.ofStatus(status), message);
        this.status = status;
        this.code = code;
        this.body = body;
        this.etag = etag;
    }

    static ApiException from(Api.Response response, String method, String url) {
        JsonNode body = response.body();
        String code = body == null ? null : body.path("error").asText(null);
        String message = body == null ? null : body.path("message").asText(null);
        if (message == null) {
            message = "HTTP " + response.status() + " from " + method + " " + url
                    + (body == null && !response.text().isBlank() ? ": " + abbreviate(response.text()) : "");
        }
        return new ApiException(response.status(), code, message, body, response.etag());
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    public int status() {
        return status;
    }

    /** The API's machine code ({@code validation_failed}, {@code not_found}...), or null. */
    public String code() {
        return code;
    }

    public JsonNode body() {
        return body;
    }

    public String etag() {
        return etag;
    }

    /** The lines to print: the message, then one line per field of {@code details.fields}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(getMessage());
        JsonNode fields = body == null ? null : body.path("details").path("fields");
        if (fields != null && fields.isObject()) {
            fields.fields().forEachRemaining(field -> lines.add("  " + field.getKey() + ": "
                    + (field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString())));
        }
        if (status == 401) {
            lines.add("  (the token was refused: check --token, BERTH_TOKEN or the profile; `berth login` stores one)");
        }
        return lines;
    }
}
