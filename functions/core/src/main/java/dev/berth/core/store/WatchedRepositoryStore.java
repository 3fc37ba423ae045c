package dev.berth.core.store;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Watched repositories. A name item ({@code REPONAME#owner/repo}) makes the full name unique
 * and lets a webhook find its repository with one read.
 */
public final class WatchedRepositoryStore {
    private static final String SK = "WATCHED";
    private static final String LIST = "WATCHED_REPOS";
    private final DynamoDbClient client;
    private final String table;
    private final AuditLog audit;
    private final Cursors cursors;

    public WatchedRepositoryStore(DynamoDbClient client, String table, AuditLog audit, Cursors cursors) {
        this.client = client;
        this.table = table;
        this.audit = audit;
        this.cursors = cursors;
    }

    public Optional<WatchedRepository> find(String id) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).consistentRead(true).key(key(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public WatchedRepository get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("Watched repository", id));
    }

    public Optional<WatchedRepository> findByFullName(String fullName) {
        Map<String, AttributeValue> guard = client.getItem(g -> g.tableName(table).key(nameKey(fullName))).item();
        return guard == null || guard.isEmpty() ? Optional.empty() : find(guard.get("repositoryId").s());
    }

    public void create(WatchedRepository repo, AuditEntry entry) {
        Map<String, AttributeValue> guard = new HashMap<>(nameKey(repo.fullName()));
        guard.put("repositoryId", Attrs.s(repo.id()));
        Transactions.write(client, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(repo)).conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(guard).conditionExpression("attribute_not_exists(PK)")).build(),
                audit.put(entry)),
                (index, current) -> BerthException.conflict("already_watched", repo.fullName() + " is already watched",
                        Map.of("fields", Map.of("fullName", "is already watched"))));
    }

    public void update(WatchedRepository before, WatchedRepository after, AuditEntry entry) {
        Transactions.write(client, List.of(versioned(TransactWriteItem.builder(), before.version(), toItem(after)), audit.put(entry)),
                (index, current) -> current.isEmpty() ? BerthException.notFound("Watched repository", before.id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION)));
    }

    public void delete(WatchedRepository repo, AuditEntry entry) {
        Transactions.write(client, List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(repo.id()))
                        .conditionExpression("#v = :expected").expressionAttributeNames(Map.of("#v", Keys.VERSION))
                        .expressionAttributeValues(Map.of(":expected", Attrs.n(repo.version())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(nameKey(repo.fullName()))).build(),
                audit.put(entry)),
                (index, current) -> current.isEmpty() ? BerthException.notFound("Watched repository", repo.id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION)));
    }

    public Page<WatchedRepository> list(int limit, String cursor) {
        String scope = "watched";
        Map<String, AttributeValue> start = cursor == null ? null : Cursors.toKey("", cursors.decode(scope, cursor));
        QueryResponse response = client.query(q -> q.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk").expressionAttributeValues(Map.of(":pk", Attrs.s(LIST)))
                .limit(limit).exclusiveStartKey(start));
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? cursors.encode(scope, Cursors.fromKey("", response.lastEvaluatedKey(), new HashMap<>())) : null;
        return new Page<>(response.items().stream().map(WatchedRepositoryStore::fromItem).toList(), next);
    }

    private TransactWriteItem versioned(TransactWriteItem.Builder builder, long expected, Map<String, AttributeValue> item) {
        return builder.put(p -> p.tableName(table).item(item).conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(expected)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s("WATCHED#" + id), Keys.SK, Attrs.s(SK));
    }

    private static Map<String, AttributeValue> nameKey(String fullName) {
        return Map.of(Keys.PK, Attrs.s("REPONAME#" + fullName.toLowerCase(Locale.ROOT)), Keys.SK, Attrs.s("GUARD"));
    }

    private static Map<String, AttributeValue> toItem(WatchedRepository r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.id()));
        item.put(Keys.GSI1PK, Attrs.s(LIST));
        item.put(Keys.GSI1SK, Attrs.s(r.fullName().toLowerCase(Locale.ROOT) + "#" + r.id()));
        item.put("type", Attrs.s("watchedRepository"));
        item.put("id", Attrs.s(r.id()));
        item.put("fullName", Attrs.s(r.fullName()));
        item.put("baseDomain", Attrs.s(r.baseDomain()));
        Attrs.putS(item, "defaultSettings", r.defaultSettings());
        item.put("allowedSettingsKeys", Attrs.list(r.allowedSettingsKeys()));
        Attrs.putS(item, "openedxRelease", r.openedxRelease());
        Attrs.putS(item, "configurationRepo", r.configurationRepo());
        Attrs.putS(item, "configurationVersion", r.configurationVersion());
        Attrs.putS(item, "githubOrganization", r.githubOrganization());
        Attrs.putS(item, "githubTeam", r.githubTeam());
        item.put("allowedAuthorAssociations", Attrs.list(r.allowedAuthorAssociations().stream().sorted().toList()));
        Attrs.putS(item, "labelGate", r.labelGate());
        item.put("maxConcurrentSandboxes", Attrs.n(r.maxConcurrentSandboxes()));
        item.put("keepDaysAfterClose", Attrs.n(r.keepDaysAfterClose()));
        item.put("enabled", AttributeValue.fromBool(r.enabled()));
        Attrs.putTime(item, "createdAt", r.createdAt());
        Attrs.putTime(item, "updatedAt", r.updatedAt());
        item.put(Keys.VERSION, Attrs.n(r.version()));
        return item;
    }

    private static WatchedRepository fromItem(Map<String, AttributeValue> item) {
        return new WatchedRepository(Attrs.str(item, "id"), Attrs.str(item, "fullName"), Attrs.str(item, "baseDomain"),
                Attrs.str(item, "defaultSettings"), Attrs.strings(item, "allowedSettingsKeys"), Attrs.str(item, "openedxRelease"),
                Attrs.str(item, "configurationRepo"), Attrs.str(item, "configurationVersion"), Attrs.str(item, "githubOrganization"),
                Attrs.str(item, "githubTeam"), new HashSet<>(Attrs.strings(item, "allowedAuthorAssociations")), Attrs.str(item, "labelGate"),
                (int) Attrs.num(item, "maxConcurrentSandboxes"), (int) Attrs.num(item, "keepDaysAfterClose"), Attrs.bool(item, "enabled"),
                Attrs.time(item, "createdAt"), Attrs.time(item, "updatedAt"), Attrs.num(item, Keys.VERSION));
    }
}
