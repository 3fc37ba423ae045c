package dev.berth.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Etags;
import dev.berth.core.json.Json;
import dev.berth.core.services.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Services as JSON (secrets by name only), and the definition a client writes. */
public final class ServiceJson {
    private static final Set<String> WRITABLE = Set.of("name", "kind", "image", "ports", "env", "volumes", "healthPath", "productionHost",
            "stagingHost");
    private static final Set<String> READ_ONLY = Set.of("secrets", "colours", "production", "hostnames", "createdAt", "updatedAt", "version", "etag");

    private ServiceJson() {
    }

    /** A create body, or a patched representation. */
    public static Service read(JsonNode node) {
        FieldReader fields = new FieldReader(node).allowOnly(WRITABLE, READ_ONLY, "a service");
        String kindText = fields.text("kind");
        Service.Kind kind = kindText == null ? Service.Kind.CONTAINER : Service.Kind.fromWire(kindText).orElse(null);
        if (kind == null) {
            fields.problem("kind", "must be container or postgresql");
        }
        List<Service.PortMap> ports = new ArrayList<>();
        for (JsonNode port : array(node, "ports", fields)) {
            if (!port.isObject() || !port.path("container").isInt() || !port.path("host").isInt() || port.size() != 2) {
                fields.problem("ports", "each is {\"container\": port, \"host\": port}");
            } else {
                ports.add(new Service.PortMap(port.get("container").asInt(), port.get("host").asInt()));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = node.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                fields.problem("env", "must be an object of names to text values");
            } else {
                envNode.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        fields.problem("env", e.getKey() + " must be text");
                    } else {
                        env.put(e.getKey(), e.getValue().asText());
                    }
                });
            }
        }
        List<Service.Volume> volumes = new ArrayList<>();
        for (JsonNode volume : array(node, "volumes", fields)) {
            if (!volume.path("name").isTextual() || !volume.path("path").isTextual() || volume.size() != 2) {
                fields.problem("volumes", "each is {\"name\": text, \"path\": text}");
            } else {
                volumes.add(new Service.Volume(volume.get("name").asText(), volume.get("path").asText()));
            }
        }
        Service service = new Service(fields.text("name"), kind, fields.text("image"), ports, env, List.of(), volumes,
                fields.text("healthPath") == null ? "/" : fields.text("healthPath"), fields.text("productionHost"), fields.text("stagingHost"),
                Map.of(), null, null, null, 0);
        fields.done();
        return service;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field, FieldReader fields) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            fields.problem(field, "must be a list");
            return List.of();
        }
        return value;
    }

    /** The editable representation (what a merge patch applies to). */
    public static ObjectNode definition(Service s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", s.name());
        node.put("kind", s.kind().wireName());
        node.put("image", s.image());
        ArrayNode ports = node.putArray("ports");
        s.ports().forEach(p -> ports.addObject().put("container", p.container()).put("host", p.host()));
        ObjectNode env = node.putObject("env");
        s.env().forEach(env::put);
        ArrayNode volumes = node.putArray("volumes");
        s.volumes().forEach(v -> volumes.addObject().put("name", v.name()).put("path", v.path()));
        node.put("healthPath", s.healthPath());
        node.put("productionHost", s.productionHost());
        node.put("stagingHost", s.stagingHost());
        return node;
    }

    public static ObjectNode of(Service s) {
        ObjectNode node = definition(s);
        s.secretNames().forEach(node.putArray("secrets")::add);
        ObjectNode colours = node.putObject("colours");
        s.colours().forEach((colour, state) -> {
            ObjectNode c = colours.putObject(colour);
            if (state.nodeId() != null) {
                c.put("node", state.nodeId());
            }
            if (state.container() != null) {
                c.put("container", state.container());
            }
            if (state.imageTag() != null) {
                c.put("image", state.imageTag());
            }
            c.put("status", state.status());
            c.put("since", state.since().toString());
            if (state.nodeId() != null) {
                c.put("hostPort", s.publishedPort(state));
            }
            if (state.failureReason() != null) {
                c.put("failureReason", state.failureReason());
            }
            if (state.build() != null) {
                c.putObject("build").put("gitUrl", state.build().gitUrl()).put("commit", state.build().commit())
                        .put("colour", state.build().colour()).put("builtAt", state.build().builtAt().toString());
            }
        });
        if (s.production() != null) {
            node.put("production", s.production());
        }
        ObjectNode hostnames = node.putObject("hostnames");
        if (s.production() != null) {
            hostnames.put(s.productionHost(), s.production());
            hostnames.put(s.stagingHost(), s.other(s.production()));
        }
        node.put("createdAt", s.createdAt().toString());
        node.put("updatedAt", s.updatedAt().toString());
        node.put("version", s.version());
        node.put("etag", Etags.of(s.version()));
        return node;
    }
}
