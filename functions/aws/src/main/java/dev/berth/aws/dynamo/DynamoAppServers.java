package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Domains;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.AppServers;
import dev.berth.core.repository.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** App servers in the table ({@code APPSERVER#id}); their log lines share the partition (see {@link DynamoDeploymentLogs}). */
record DynamoAppServers(DynamoTable table) implements AppServers {
    private static final String SK = "APPSERVER";

    @Override
    public Optional<AppServer> find(String id) {
        return table.get(key(id)).map(DynamoAppServers::fromItem);
    }

    @Override
    public void create(AppServer server, AuditEntry entry) {
        table.transact(List.of(table.putNew(toItem(server)), table.audit(entry),
                        new HostGuards(table).claim(server.previewHost(), HostGuards.APP_SERVER, server.id())),
                (index, current) -> index == 2 ? Domains.taken(server.previewHost(), "previewHost")
                        : BerthException.conflict("already_exists", "App server " + server.id() + " already exists", Map.of()));
    }

    @Override
    public void update(AppServer before, AppServer after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(table.putAtVersion(toItem(after), before.version()));
        if (entry != null) {
            items.add(table.audit(entry));
        }
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("App server", before.id(), current));
    }

    /** An instance's app servers, newest first. */
    @Override
    public Page<AppServer> listForInstance(String instanceId, int limit, String cursor) {
        return table.page(QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attrs.s(Keys.appServersOf(instanceId))))
                        .scanIndexForward(false).limit(limit),
                "appservers:" + instanceId, cursor, DynamoAppServers::fromItem);
    }

    /** The given app servers that exist, in the order asked. */
    @Override
    public List<AppServer> getAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, AppServer> byId = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table.name(), KeysAndAttributes.builder().consistentRead(true)
                .keys(ids.stream().distinct().map(DynamoAppServers::key).toList()).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> batch = request;
            var response = table.client().batchGetItem(b -> b.requestItems(batch));
            response.responses().getOrDefault(table.name(), List.of()).forEach(item -> {
                AppServer server = fromItem(item);
                byId.put(server.id(), server);
            });
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
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
