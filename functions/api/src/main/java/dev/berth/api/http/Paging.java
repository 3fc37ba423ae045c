package dev.berth.api.http;

import dev.berth.core.error.BerthException;

/** The list conventions of api.md: {@code ?limit=} (default 50, 1 to 500) and an opaque {@code ?cursor=}. */
public record Paging(int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public static Paging from(ApiRequest request) {
        String raw = request.queryParameter("limit");
        int limit = DEFAULT_LIMIT;
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw BerthException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        String cursor = request.queryParameter("cursor");
        return new Paging(limit, cursor == null || cursor.isEmpty() ? null : cursor);
    }
}
