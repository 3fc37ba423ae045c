package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.ApiTokens;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** API tokens ({@code TOKEN#id}): their hashes, names and roles. */
record DynamoApiTokens(DynamoTable table) implements ApiTokens {
    private static final String SK = "TOKEN";

    @Override
    public Optional<ApiToken> find(String id) {
        return table.get(key(id)).map(DynamoApiTokens::fromItem);
    }

    @Override
    public void create(ApiToken token, AuditEntry entry) {
        table.transact(List.of(table.putNew(toItem(token)), table.audit(entry)),
                (index, current) -> BerthException.conflict("already_exists", "Token " + token.id() + " already exists", Map.of()));
    }

    @Override
    public void createBootstrapAdmin(ApiToken token, AuditEntry entry) {
        Map<String, AttributeValue> marker = new HashMap<>(Map.of(Keys.PK, Attrs.s("BOOTSTRAP"), Keys.SK, Attrs.s("ADMIN_TOKEN")));
        marker.put("tokenId", Attrs.s(token.id()));
        table.transact(List.of(table.putNew(marker), table.putNew(toItem(token)), table.audit(entry)),
                (index, current) -> BerthException.conflict("already_bootstrapped",
                        "This stack's first admin token was already made; ask an admin for a token", Map.of()));
    }

    @Override
    public boolean bootstrapped() {
        return table.get(Map.of(Keys.PK, Attrs.s("BOOTSTRAP"), Keys.SK, Attrs.s("ADMIN_TOKEN"))).isPresent();
    }

    @Override
    public void put(ApiToken token) {
        table.client().putItem(p -> p.tableName(table.name()).item(toItem(token)));
    }

    @Override
    public void delete(ApiToken token, String remainingAdminId, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>(List.of(table.deleteAtVersion(key(token.id()), token.version()), table.audit(entry)));
        if (remainingAdminId != null) {
            items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name()).key(key(remainingAdminId))
                    .conditionExpression("#role = :admin").expressionAttributeNames(Map.of("#role", "role"))
                    .expressionAttributeValues(Map.of(":admin", Attrs.s(Role.ADMIN.wireName())))).build());
        }
        table.transact(items, (index, current) -> index == 2
                ? BerthException.conflict("last_admin", "Token " + token.id() + " is the last admin token: create another admin token first", Map.of())
                : DynamoTable.staleOrGone("Token", token.id(), current));
    }

    @Override
    public Page<ApiToken> list(int limit, String cursor) {
        return table.page(QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.TOKENS))).scanIndexForward(false).limit(limit),
                "tokens", cursor, DynamoApiTokens::fromItem);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s(Keys.token(id)), Keys.SK, Attrs.s(SK));
    }

    private static Map<String, AttributeValue> toItem(ApiToken token) {
        Map<String, AttributeValue> item = new HashMap<>(key(token.id()));
        item.put(Keys.GSI1PK, Attrs.s(Keys.TOKENS));
        item.put(Keys.GSI1SK, Attrs.s(token.createdAt().toString() + "#" + token.id()));
        item.put("type", Attrs.s("token"));
        item.put("id", Attrs.s(token.id()));
        item.put("name", Attrs.s(token.name()));
        item.put("role", Attrs.s(token.role().wireName()));
        item.put("hash", Attrs.s(token.hash()));
        Attrs.putS(item, "createdBy", token.createdBy());
        Attrs.putTime(item, "createdAt", token.createdAt());
        item.put(Keys.VERSION, Attrs.n(token.version()));
        return item;
    }

    private static ApiToken fromItem(Map<String, AttributeValue> item) {
        return new ApiToken(Attrs.str(item, "id"), Attrs.str(item, "name"),
                Role.fromWire(Attrs.str(item, "role")).orElse(Role.VIEWER), Attrs.str(item, "hash"),
                Attrs.str(item, "createdBy"), Attrs.time(item, "createdAt"), Attrs.num(item, Keys.VERSION));
    }
}
