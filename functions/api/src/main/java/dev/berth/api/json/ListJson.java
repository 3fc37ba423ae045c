package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.JsonTrees;
import dev.berth.core.repository.Page;

/** A list as api.md says: {@code {"items": [...], "nextCursor": "..."|null}}. */
public final class ListJson {
    private ListJson() {
    }

    public static ObjectNode of(Page<ObjectNode> page) {
        ObjectNode body = JsonTrees.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(items::add);
        if (page.nextCursor() == null) {
            body.putNull("nextCursor");
        } else {
            body.put("nextCursor", page.nextCursor());
        }
        return body;
    }
}
