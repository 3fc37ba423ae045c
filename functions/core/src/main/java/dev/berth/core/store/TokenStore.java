package dev.berth.core.store;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** API tokens: their hashes, names and roles. */
public final class TokenStore {
    private static final String SK = "TOKEN";
    private final DynamoDbClient client;
    private final String table;
    private final AuditLog audit;
    private final Cursors cursors;

    public TokenStore(DynamoDbClient client, String table, AuditLog audit, Cursors cursors) {
        this.client = client;
        this.table = table;
        this.audit = audit;
        this.cursors = cursors;
    }

    public Optional<ApiToken> find(String id) {
        // Eventually consistent: a token is read on every call, and a just-created one is not used within milliseconds.
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).key(key(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public void create(ApiToken token, AuditEntry entry) {
        Transactions.write(client, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(token))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                audit.put(entry)),
                (index, current) -> BerthException.conflict("already_exists", "Token " + token.id() + " already exists", Map.of()));
    }

    /** Creates or replaces a token without audit: only for the bootstrap admin token at start-up. */
    public void put(ApiToken token) {
        client.putItem(p -> p.tableName(table).item(toItem(token)));
    }

    public void delete(ApiToken token, AuditEntry entry) {
        Transactions.write(client, List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(token.id()))
                        .conditionExpression("#v = :expected")
                        .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                        .expressionAttributeValues(Map.of(":expected", Attrs.n(token.version())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                audit.put(entry)),
                (index, current) -> current.isEmpty() ? BerthException.notFound("Token", token.id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION)));
    }

    /** Newest first. */
    public Page<ApiToken> list(int limit, String cursor) {
        String scope = "tokens";
        Map<String, AttributeValue> start = cursor == null ? null : Cursors.toKey("", cursors.decode(scope, cursor));
        QueryResponse response = client.query(q -> q.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.TOKENS)))
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? cursors.encode(scope, Cursors.fromKey("", response.lastEvaluatedKey(), new HashMap<>()))
                : null;
        return new Page<>(response.items().stream().map(TokenStore::fromItem).toList(), next);
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
