package dev.berth.core.store;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Instances in the table. Each instance's LMS domain is held by a guard item written in the same
 * transaction, which is what makes sub-domains unique (no read-then-write). Every write is
 * conditional on the version the caller read.
 */
public final class InstanceStore {
    private static final String SK = "INSTANCE";
    private final DynamoDbClient client;
    private final String table;
    private final AuditLog audit;
    private final Cursors cursors;

    public InstanceStore(DynamoDbClient client, String table, AuditLog audit, Cursors cursors) {
        this.client = client;
        this.table = table;
        this.audit = audit;
        this.cursors = cursors;
    }

    public Optional<Instance> find(String id) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).consistentRead(true)
                .key(key(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The instance whose LMS domain this is (through its domain guard). */
    public Optional<Instance> findByDomain(String lmsDomain) {
        Map<String, AttributeValue> guard = client.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(Keys.PK, Attrs.s(Keys.domainGuard(lmsDomain)), Keys.SK, Attrs.s("GUARD")))).item();
        return guard == null || guard.isEmpty() ? Optional.empty() : find(guard.get("instanceId").s());
    }

    public Instance get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("Instance", id));
    }

    public void create(Instance instance, AuditEntry entry) {
        String domain = instance.domains().lms();
        Transactions.write(client, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(instance))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                guardPut(domain, instance.id()),
                audit.put(entry)),
                (index, current) -> index == 1 ? domainTaken(domain) : BerthException.conflict("already_exists",
                        "Instance " + instance.id() + " already exists", Map.of()));
    }

    /** Replaces {@code before} by {@code after}, moving the domain guard when the LMS domain changes. */
    public void update(Instance before, Instance after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(after))
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(before.version())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        String oldDomain = before.domains().lms();
        String newDomain = after.domains().lms();
        if (!oldDomain.equals(newDomain)) {
            items.add(guardDelete(oldDomain, before.id()));
            items.add(guardPut(newDomain, after.id()));
        }
        items.add(audit.put(entry));
        Transactions.write(client, items, (index, current) -> {
            if (index == 0) {
                return current.isEmpty() ? BerthException.notFound("Instance", before.id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION));
            }
            return domainTaken(newDomain);
        });
    }

    /** Removes the instance and its domain guard for good (archive's {@code ?purge=true}). */
    public void delete(Instance instance, AuditEntry entry) {
        Transactions.write(client, List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(instance.id()))
                        .conditionExpression("#v = :expected")
                        .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                        .expressionAttributeValues(Map.of(":expected", Attrs.n(instance.version())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                guardDelete(instance.domains().lms(), instance.id()),
                audit.put(entry)),
                (index, current) -> current.isEmpty() ? BerthException.notFound("Instance", instance.id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION)));
    }

    /**
     * Lists instances of a status by name; with a query, those whose name starts with it, then
     * those whose LMS domain starts with it (and whose name does not, so none appears twice).
     */
    public Page<Instance> list(InstanceStatus status, String query, int limit, String cursor) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        String scope = "instances:" + status.wireName() + ":" + q;
        Map<String, String> position = cursor == null ? Map.of("phase", "name") : cursors.decode(scope, cursor);
        String phase = position.getOrDefault("phase", "name");
        Map<String, AttributeValue> start = Cursors.toKey("k.", position);
        List<Instance> found = new ArrayList<>();
        while (true) {
            boolean byName = phase.equals("name");
            QueryResponse response = client.query(query(status, q, byName, limit - found.size(), start));
            for (Map<String, AttributeValue> item : response.items()) {
                Instance instance = fromItem(item);
                if (byName || !instance.settings().name().toLowerCase(Locale.ROOT).startsWith(q)) {
                    found.add(instance);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            if (start == null && byName && !q.isEmpty()) {
                phase = "domain";
            } else if (start == null) {
                return new Page<>(found, null);
            }
            if (found.size() >= limit) {
                Map<String, String> next = new LinkedHashMap<>();
                next.put("phase", phase);
                if (start != null) {
                    Cursors.fromKey("k.", start, next);
                }
                return new Page<>(found, cursors.encode(scope, next));
            }
        }
    }

    private QueryRequest query(InstanceStatus status, String q, boolean byName, int limit, Map<String, AttributeValue> start) {
        String pk = byName ? Keys.GSI1PK : Keys.GSI2PK;
        String sk = byName ? Keys.GSI1SK : Keys.GSI2SK;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", Attrs.s(Keys.instancesByStatus(status.wireName())));
        String condition = pk + " = :pk";
        if (!q.isEmpty()) {
            values.put(":q", Attrs.s(q));
            condition += " AND begins_with(" + sk + ", :q)";
        }
        return QueryRequest.builder().tableName(table).indexName(byName ? Keys.GSI1 : Keys.GSI2)
                .keyConditionExpression(condition).expressionAttributeValues(values)
                .limit(limit).exclusiveStartKey(start).build();
    }

    private TransactWriteItem guardPut(String domain, String instanceId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.domainGuard(domain)));
        item.put(Keys.SK, Attrs.s("GUARD"));
        item.put("instanceId", Attrs.s(instanceId));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)")).build();
    }

    private TransactWriteItem guardDelete(String domain, String instanceId) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(Map.of(Keys.PK, Attrs.s(Keys.domainGuard(domain)), Keys.SK, Attrs.s("GUARD")))
                .conditionExpression("instanceId = :id")
                .expressionAttributeValues(Map.of(":id", Attrs.s(instanceId)))).build();
    }

    private static BerthException domainTaken(String domain) {
        return BerthException.conflict("duplicate_sub_domain", "The domain " + domain + " is already used by another instance",
                Map.of("fields", Map.of("subDomain", "is already taken")));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s(Keys.instance(id)), Keys.SK, Attrs.s(SK));
    }

    static Map<String, AttributeValue> toItem(Instance instance) {
        Map<String, AttributeValue> item = SettingsItems.toAttributes(instance.settings());
        item.putAll(key(instance.id()));
        String status = instance.status().wireName();
        item.put(Keys.GSI1PK, Attrs.s(Keys.instancesByStatus(status)));
        item.put(Keys.GSI1SK, Attrs.s(instance.settings().name().toLowerCase(Locale.ROOT) + "#" + instance.id()));
        item.put(Keys.GSI2PK, Attrs.s(Keys.instancesByStatus(status)));
        item.put(Keys.GSI2SK, Attrs.s(instance.domains().lms() + "#" + instance.id()));
        item.put("type", Attrs.s("instance"));
        item.put("id", Attrs.s(instance.id()));
        item.put("status", Attrs.s(status));
        item.put("activeAppServerIds", Attrs.list(instance.activeAppServerIds()));
        if (instance.pullRequest() != null) {
            Instance.PullRequestSource pr = instance.pullRequest();
            Map<String, AttributeValue> source = new HashMap<>(Map.of("repository", Attrs.s(pr.repository()),
                    "number", Attrs.n(pr.number()), "headSha", Attrs.s(pr.headSha() == null ? "" : pr.headSha())));
            Attrs.putTime(source, "closedAt", pr.closedAt());
            item.put("pullRequest", AttributeValue.fromM(source));
        }
        Attrs.putTime(item, "createdAt", instance.createdAt());
        Attrs.putTime(item, "updatedAt", instance.updatedAt());
        item.put(Keys.VERSION, Attrs.n(instance.version()));
        return item;
    }

    private static Instance.PullRequestSource pullRequest(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("pullRequest");
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = value.m();
        String sha = m.get("headSha").s();
        return new Instance.PullRequestSource(m.get("repository").s(), Integer.parseInt(m.get("number").n()), sha.isEmpty() ? null : sha,
                Attrs.time(m, "closedAt"));
    }

    static Instance fromItem(Map<String, AttributeValue> item) {
        return new Instance(
                Attrs.str(item, "id"),
                SettingsItems.fromAttributes(item),
                InstanceStatus.fromWire(Attrs.str(item, "status")).orElseThrow(),
                Attrs.strings(item, "activeAppServerIds"),
                pullRequest(item),
                Attrs.time(item, "createdAt"),
                Attrs.time(item, "updatedAt"),
                Attrs.num(item, Keys.VERSION));
    }
}
