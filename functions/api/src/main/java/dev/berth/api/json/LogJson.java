package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.domain.LogLine;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.service.AppServerService;

/** A page of a deployment log: its lines, the next cursor (always given), the server's status, and whether the log is complete. */
public final class LogJson {
    /** Log lines are numbered below this (twelve digits): a larger cursor was not given out. */
    private static final long MAX_SEQUENCE = 999_999_999_999L;

    private LogJson() {
    }

    public static ObjectNode of(AppServerService.LogPage page) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (LogLine line : page.lines()) {
            items.addObject().put("seq", line.sequence()).put("time", line.time().toString()).put("text", line.text());
        }
        body.put("nextCursor", Long.toString(page.nextCursor()));
        body.put("status", page.server().status().wireName());
        body.put("complete", page.complete());
        return body;
    }

    /** A page of a log that has no app server behind it (a service colour's): lines and the next cursor. */
    public static ObjectNode page(java.util.List<LogLine> lines, long after) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        lines.forEach(line -> items.addObject().put("seq", line.sequence()).put("time", line.time().toString()).put("text", line.text()));
        body.put("nextCursor", Long.toString(lines.isEmpty() ? after : lines.get(lines.size() - 1).sequence()));
        return body;
    }

    /** A whole log as text, a line each with its time (the download). */
    public static String text(java.util.List<LogLine> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.time()).append(' ').append(line.text()).append('\n'));
        return text.toString();
    }

    /** The {@code ?after=} cursor: a number this endpoint gave out (0 when absent). */
    public static long cursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(after);
            if (value >= 0 && value < MAX_SEQUENCE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw BerthException.badRequest("invalid_cursor", "after must be a cursor returned by this endpoint (a number)");
    }
}
