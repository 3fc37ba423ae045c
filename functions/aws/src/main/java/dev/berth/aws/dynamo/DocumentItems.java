package dev.berth.aws.dynamo;

import dev.berth.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items that keep a record whole as a JSON document ({@code doc}) beside the keys, the list
 * index and the version the conditions test: for the newer contexts' records, whose nested
 * values (colours, port maps, placements) no query looks into.
 */
final class DocumentItems {
    private DocumentItems() {
    }

    static Map<String, AttributeValue> item(Map<String, AttributeValue> key, String type, String listKey, String sortKey, Object record,
                                            long version) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("type", Attrs.s(type));
        if (listKey != null) {
            item.put(Keys.GSI1PK, Attrs.s(listKey));
            item.put(Keys.GSI1SK, Attrs.s(sortKey));
        }
        item.put("doc", Attrs.s(Json.write(record)));
        item.put(Keys.VERSION, Attrs.n(version));
        return item;
    }

    static <T> T read(Map<String, AttributeValue> item, Class<T> type) {
        try {
            return Json.MAPPER.readValue(Attrs.str(item, "doc"), type);
        } catch (IOException e) {
            throw new UncheckedIOException("An unreadable " + type.getSimpleName() + " item " + item.get(Keys.PK), e);
        }
    }
}
