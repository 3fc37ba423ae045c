package dev.berth.core.store;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.LogLine;
import dev.berth.core.error.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * App servers and their deployment logs. The app server item and its log lines share a partition
 * ({@code APPSERVER#id}); log lines expire through the table's TTL.
 */
public final class AppServerStore {
    private static final String SK = "APPSERVER";
    static final Duration LOG_RETENTION = Duration.ofDays(60);
    private final DynamoDbClient client;
    private final String table;
    private final AuditLog audit;
    private final Cursors cursors;

    public AppServerStore(DynamoDbClient client, String table, AuditLog audit, Cursors cursors) {
        this.client = client;
        this.table = table;
        this.audit = audit;
        this.cursors = cursors;
    }

    public Optional<AppServer> find(String id) {
        Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).consistentRead(true).key(key(id))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public AppServer get(String id) {
        return find(id).orElseThrow(() -> BerthException.notFound("App server", id));
    }

    public void create(AppServer server, AuditEntry entry) {
        Transactions.write(client, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(server))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                audit.put(entry)),
                (index, current) -> BerthException.conflict("already_exists", "App server " + server.id() + " already exists", Map.of()));
    }

    /** Replaces {@code before} by {@code after} if nobody changed it in between; {@code entry} null: progress, not audited. */
    public void update(AppServer before, AppServer after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(after))
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(Map.of(":expected", Attrs.n(before.version())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        if (entry != null) {
            items.add(audit.put(entry));
        }
        Transactions.write(client, items,
                (index, current) -> current.isEmpty() ? BerthException.notFound("App server", before.id())
                        : BerthException.stale(Attrs.num(current, Keys.VERSION)));
    }

    /** An instance's app servers, newest first. */
    public Page<AppServer> listForInstance(String instanceId, int limit, String cursor) {
        String scope = "appservers:" + instanceId;
        Map<String, AttributeValue> start = cursor == null ? null : Cursors.toKey("", cursors.decode(scope, cursor));
        QueryResponse response = client.query(q -> q.tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.appServersOf(instanceId))))
                .scanIndexForward(false).limit(limit).exclusiveStartKey(start));
        List<AppServer> servers = response.items().stream().map(AppServerStore::fromItem).toList();
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? cursors.encode(scope, Cursors.fromKey("", response.lastEvaluatedKey(), new HashMap<>()))
                : null;
        return new Page<>(servers, next);
    }

    /** The given app servers that exist, in the order asked. */
    public List<AppServer> getAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, AppServer> byId = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().consistentRead(true)
                .keys(ids.stream().distinct().map(AppServerStore::key).toList()).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> batch = request;
            var response = client.batchGetItem(b -> b.requestItems(batch));
            response.responses().getOrDefault(table, List.of()).forEach(item -> {
                AppServer server = fromItem(item);
                byId.put(server.id(), server);
            });
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Appends lines numbered from {@code firstSequence}; re-appending the same numbers overwrites (idempotent). */
    public void appendLog(String appServerId, long firstSequence, List<String> lines, Instant at) {
        List<WriteRequest> writes = new ArrayList<>();
        long expires = at.plus(LOG_RETENTION).getEpochSecond();
        for (int i = 0; i < lines.size(); i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Keys.PK, Attrs.s(Keys.appServer(appServerId)));
            item.put(Keys.SK, Attrs.s(Keys.logLine(firstSequence + i)));
            item.put("seq", Attrs.n(firstSequence + i));
            item.put("text", Attrs.s(lines.get(i)));
            Attrs.putTime(item, "at", at);
            item.put(Keys.EXPIRES_AT, Attrs.n(expires));
            writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        for (int from = 0; from < writes.size(); from += 25) {
            Map<String, List<WriteRequest>> batch = Map.of(table, writes.subList(from, Math.min(from + 25, writes.size())));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> pending = batch;
                var response = client.batchWriteItem(b -> b.requestItems(pending));
                batch = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** Log lines with a sequence greater than {@code after}, oldest first. */
    public List<LogLine> readLog(String appServerId, long after, int limit) {
        QueryResponse response = client.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(
                        ":pk", Attrs.s(Keys.appServer(appServerId)),
                        ":from", Attrs.s(Keys.logLine(after + 1)),
                        ":to", Attrs.s(Keys.logLine(999_999_999_999L))))
                .limit(limit));
        return response.items().stream()
                .map(item -> new LogLine(Attrs.num(item, "seq"), Attrs.time(item, "at"), Attrs.str(item, "text")))
                .toList();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Keys.PK, Attrs.s(Keys.appServer(id)), Keys.SK, Attrs.s(SK));
    }

    static Map<String, AttributeValue> toItem(AppServer server) {
        Map<String, AttributeValue> item = new HashMap<>(key(server.id()));
        item.put(Keys.GSI1PK, Attrs.s(Keys.appServersOf(server.instanceId())));
        item.put(Keys.GSI1SK, Attrs.s(server.createdAt().toString() + "#" + server.id()));
        item.put("type", Attrs.s("appserver"));
        item.put("id", Attrs.s(server.id()));
        item.put("instanceId", Attrs.s(server.instanceId()));
        item.put("status", Attrs.s(server.status().wireName()));
        item.put("active", AttributeValue.fromBool(server.active()));
        item.put("settings", AttributeValue.fromM(SettingsItems.toAttributes(server.settings())));
        Map<String, String> vm = new LinkedHashMap<>();
        vm.put("serverId", server.vm().serverId());
        vm.put("hostname", server.vm().hostname());
        vm.put("ipv4", server.vm().ipv4());
        vm.put("sshPort", server.vm().sshPort() == null ? null : server.vm().sshPort().toString());
        vm.put("httpUrl", server.vm().httpUrl());
        vm.put("hostKeyFingerprint", server.vm().hostKeyFingerprint());
        item.put("vm", AttributeValue.fromM(Attrs.map(vm)));
        Map<String, String> deployment = new LinkedHashMap<>();
        AppServer.Deployment d = server.deployment();
        deployment.put("logOffset", Long.toString(d.logOffset()));
        deployment.put("logLines", Long.toString(d.logLines()));
        deployment.put("startedAt", d.startedAt() == null ? null : d.startedAt().toString());
        deployment.put("lastOutputAt", d.lastOutputAt() == null ? null : d.lastOutputAt().toString());
        deployment.put("exitCode", d.exitCode() == null ? null : d.exitCode().toString());
        item.put("deployment", AttributeValue.fromM(Attrs.map(deployment)));
        Attrs.putS(item, "failureReason", server.failureReason());
        if (server.preview() != null) {
            item.put("preview", AttributeValue.fromM(Map.of("username", Attrs.s(server.preview().username()),
                    "password", Attrs.s(server.preview().password()))));
        }
        Attrs.putTime(item, "createdAt", server.createdAt());
        Attrs.putTime(item, "updatedAt", server.updatedAt());
        item.put(Keys.VERSION, Attrs.n(server.version()));
        return item;
    }

    static AppServer fromItem(Map<String, AttributeValue> item) {
        Map<String, String> vm = Attrs.stringMap(item, "vm");
        Map<String, String> d = Attrs.stringMap(item, "deployment");
        return new AppServer(
                Attrs.str(item, "id"),
                Attrs.str(item, "instanceId"),
                AppServerStatus.fromWire(Attrs.str(item, "status")).orElseThrow(),
                Attrs.bool(item, "active"),
                SettingsItems.fromAttributes(item.get("settings").m()),
                new AppServer.Vm(vm.get("serverId"), vm.get("hostname"), vm.get("ipv4"),
                        vm.get("sshPort") == null ? null : Integer.valueOf(vm.get("sshPort")), vm.get("httpUrl"),
                        vm.get("hostKeyFingerprint")),
                new AppServer.Deployment(Long.parseLong(d.getOrDefault("logOffset", "0")), Long.parseLong(d.getOrDefault("logLines", "0")),
                        d.get("startedAt") == null ? null : Instant.parse(d.get("startedAt")),
                        d.get("lastOutputAt") == null ? null : Instant.parse(d.get("lastOutputAt")),
                        d.get("exitCode") == null ? null : Integer.valueOf(d.get("exitCode"))),
                Attrs.str(item, "failureReason"),
                item.containsKey("preview") ? new AppServer.Preview(item.get("preview").m().get("username").s(),
                        item.get("preview").m().get("password").s()) : null,
                Attrs.time(item, "createdAt"),
                Attrs.time(item, "updatedAt"),
                Attrs.num(item, Keys.VERSION));
    }
}
