package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Instances in the table. Each instance's LMS domain is held by a guard item written in the same
 * transaction, which is what makes sub-domains unique (no read-then-write). Every write is
 * conditional on the version the caller read.
 */
record DynamoInstances(DynamoTable table) implements Instances {
    private static final String SK = "INSTANCE";

    @Override
    public Optional<Instance> find(String id) {
        return table.get(key(id)).map(DynamoInstances::fromItem);
    }

    /** The instance whose LMS domain this is (through its domain guard). */
    @Override
    public Optional<Instance> findByDomain(String lmsDomain) {
        return table.get(Map.of(Keys.PK, Attrs.s(Keys.domainGuard(lmsDomain)), Keys.SK, Attrs.s("GUARD")))
                .flatMap(guard -> find(guard.get("instanceId").s()));
    }

    @Override
    public void create(Instance instance, AuditEntry entry) {
        String domain = instance.domains().lms();
        table.transact(List.of(table.putNew(toItem(instance)), guardPut(domain, instance.id()), table.audit(entry)),
                (index, current) -> index == 1 ? domainTaken(domain) : BerthException.conflict("already_exists",
                        "Instance " + instance.id() + " already exists", Map.of()));
    }

    /** Replaces {@code before} by {@code after}, moving the domain guard when the LMS domain changes. */
    @Override
    public void update(Instance before, Instance after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(table.putAtVersion(toItem(after), before.version()));
        String oldDomain = before.domains().lms();
        String newDomain = after.domains().lms();
        if (!oldDomain.equals(newDomain)) {
            items.add(guardDelete(oldDomain, before.id()));
            items.add(guardPut(newDomain, after.id()));
        }
        items.add(table.audit(entry));
        table.transact(items, (index, current) -> {
            if (index == 0) {
                return DynamoTable.staleOrGone("Instance", before.id(), current);
            }
            return domainTaken(newDomain);
        });
    }

    /** Removes the instance and its domain guard for good (archive's {@code ?purge=true}). */
    @Override
    public void delete(Instance instance, AuditEntry entry) {
        table.transact(List.of(table.deleteAtVersion(key(instance.id()), instance.version()),
                        guardDelete(instance.domains().lms(), instance.id()), table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Instance", instance.id(), current));
    }

    /**
     * Lists instances of a status by name; with a query, those whose name starts with it, then
     * those whose LMS domain starts with it (and whose name does not, so none appears twice).
     */
    @Override
    public Page<Instance> list(InstanceStatus status, String query, int limit, String cursor) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        String scope = "instances:" + status.wireName() + ":" + q;
        Map<String, String> position = cursor == null ? Map.of("phase", "name") : table.cursors().decode(scope, cursor);
        String phase = position.getOrDefault("phase", "name");
        Map<String, AttributeValue> start = DynamoTable.toKey("k.", position);
        List<Instance> found = new ArrayList<>();
        while (true) {
            boolean byName = phase.equals("name");
            QueryResponse response = table.client().query(query(status, q, byName, limit - found.size(), start));
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
                    DynamoTable.fromKey("k.", start, next);
                }
                return new Page<>(found, table.cursors().encode(scope, next));
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
        return QueryRequest.builder().tableName(table.name()).indexName(byName ? Keys.GSI1 : Keys.GSI2)
                .keyConditionExpression(condition).expressionAttributeValues(values)
                .limit(limit).exclusiveStartKey(start).build();
    }

    private TransactWriteItem guardPut(String domain, String instanceId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, Attrs.s(Keys.domainGuard(domain)));
        item.put(Keys.SK, Attrs.s("GUARD"));
        item.put("instanceId", Attrs.s(instanceId));
        return table.putNew(item);
    }

    private TransactWriteItem guardDelete(String domain, String instanceId) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table.name())
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
