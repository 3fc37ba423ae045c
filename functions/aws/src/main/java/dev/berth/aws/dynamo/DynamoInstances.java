package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Domains;
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
        return new HostGuards(table).instanceOf(lmsDomain).flatMap(this::find);
    }

    @Override
    public void create(Instance instance, AuditEntry entry) {
        HostGuards guards = new HostGuards(table);
        List<TransactWriteItem> items = new ArrayList<>(List.of(table.putNew(toItem(instance)), table.audit(entry)));
        List<String> hosts = new ArrayList<>(instance.domains().all());
        hosts.forEach(host -> items.add(guards.claim(host, HostGuards.INSTANCE, instance.id())));
        table.transact(items, (index, current) -> index < 2
                ? BerthException.conflict("already_exists", "Instance " + instance.id() + " already exists", Map.of())
                : Domains.taken(hosts.get(index - 2), instance.domains().fieldsByHost().get(hosts.get(index - 2))));
    }

    /** Replaces {@code before} by {@code after}, moving the host guards when the domains change. */
    @Override
    public void update(Instance before, Instance after, AuditEntry entry) {
        HostGuards guards = new HostGuards(table);
        List<TransactWriteItem> items = new ArrayList<>(List.of(table.putAtVersion(toItem(after), before.version()), table.audit(entry)));
        List<String> claimed = after.domains().all().stream().filter(host -> !before.domains().all().contains(host)).toList();
        claimed.forEach(host -> items.add(guards.claim(host, HostGuards.INSTANCE, after.id())));
        before.domains().all().stream().filter(host -> !after.domains().all().contains(host))
                .forEach(host -> items.add(guards.release(host, HostGuards.INSTANCE, before.id())));
        table.transact(items, (index, current) -> {
            if (index == 0) {
                return DynamoTable.staleOrGone("Instance", before.id(), current);
            }
            String host = index - 2 < claimed.size() ? claimed.get(index - 2) : after.domains().lms();
            return Domains.taken(host, after.domains().fieldsByHost().getOrDefault(host, "subDomain"));
        });
    }

    /** Removes the instance and gives its host names up for good (archive's {@code ?purge=true}). */
    @Override
    public void delete(Instance instance, AuditEntry entry) {
        HostGuards guards = new HostGuards(table);
        List<TransactWriteItem> items = new ArrayList<>(List.of(table.deleteAtVersion(key(instance.id()), instance.version()),
                table.audit(entry)));
        instance.domains().all().forEach(host -> items.add(guards.release(host, HostGuards.INSTANCE, instance.id())));
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("Instance", instance.id(), current));
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
            source.put("fromFork", AttributeValue.fromBool(pr.fromFork()));
            if (pr.launch() != null) {
                source.put("launchAppServerId", Attrs.s(pr.launch().appServerId()));
                Attrs.putTime(source, "launchClaimedAt", pr.launch().at());
            }
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
                Attrs.time(m, "closedAt"), m.containsKey("fromFork") && m.get("fromFork").bool(),
                m.containsKey("launchAppServerId") ? new Instance.LaunchClaim(Attrs.str(m, "launchAppServerId"), Attrs.time(m, "launchClaimedAt")) : null);
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
