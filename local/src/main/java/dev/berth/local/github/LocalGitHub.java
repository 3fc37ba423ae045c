package dev.berth.local.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.core.json.Json;
import dev.berth.local.Component;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API as the sandbox flow uses it, for a laptop with no GitHub: the pull requests
 * it learns from the webhooks delivered to the local runtime (each webhook carries the pull
 * request as GitHub then describes it), the commit statuses Berth posts, and organization or
 * team members with their SSH keys (none unless given). Answers in GitHub's shapes, with its
 * 404 body for what it does not know. {@code ./berth local} uses it unless
 * {@code BERTH_GITHUB_API_URL} points elsewhere.
 */
public final class LocalGitHub implements Component {
    private static final Pattern PULL = Pattern.compile("/repos/([^/]+/[^/]+)/pulls/(\\d+)");
    private static final Pattern PULLS = Pattern.compile("/repos/([^/]+/[^/]+)/pulls");
    private static final Pattern STATUSES = Pattern.compile("/repos/([^/]+/[^/]+)/statuses/([0-9a-fA-F]{7,40})");
    private static final Pattern COMMIT_STATUSES = Pattern.compile("/repos/([^/]+/[^/]+)/commits/([0-9a-fA-F]{7,40})/statuses");
    private static final Pattern ORG_MEMBER = Pattern.compile("/orgs/([^/]+)/members/([^/]+)");
    private static final Pattern ORG_MEMBERS = Pattern.compile("/orgs/([^/]+)/members");
    private static final Pattern TEAM_MEMBERSHIP = Pattern.compile("/orgs/([^/]+)/teams/([^/]+)/memberships/([^/]+)");
    private static final Pattern TEAM_MEMBERS = Pattern.compile("/orgs/([^/]+)/teams/([^/]+)/members");
    private static final Pattern USER_KEYS = Pattern.compile("/users/([^/]+)/keys");

    private final Map<String, ObjectNode> pullRequests = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> statuses = new ConcurrentHashMap<>();
    /** "org" or "org/team" → logins. */
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, List<String>> keys = new ConcurrentHashMap<>();
    private final AtomicLong statusIds = new AtomicLong();
    private final HttpServer server;

    public LocalGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
    }

    /** Where to point {@code BERTH_GITHUB_API_URL}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Learns the pull request a webhook body describes (anything else, or malformed JSON, is ignored). */
    public void learn(byte[] webhookBody) {
        try {
            JsonNode event = Json.MAPPER.readTree(webhookBody);
            JsonNode pr = event.path("pull_request");
            String repository = event.path("repository").path("full_name").asText("");
            if (pr.isObject() && pr.path("number").canConvertToInt() && !repository.isEmpty()) {
                pullRequests.put(key(repository, pr.path("number").asInt()), (ObjectNode) pr.deepCopy());
            }
        } catch (IOException | RuntimeException e) {
            // not a pull request event: GitHub would not know anything from it either
        }
    }

    /** Makes {@code login} a member of the organization (team null) or of its team, with these public keys. */
    public void addMember(String organization, String team, String login, List<String> publicKeys) {
        members.computeIfAbsent(group(organization, team), g -> ConcurrentHashMap.newKeySet()).add(login.toLowerCase(Locale.ROOT));
        keys.put(login.toLowerCase(Locale.ROOT), List.copyOf(publicKeys));
    }

    /** The statuses posted for a commit, newest first, as {@code GET .../commits/{sha}/statuses} lists them. */
    public List<JsonNode> statuses(String repository, String sha) {
        List<JsonNode> out = new ArrayList<>(statuses.getOrDefault(key(repository, sha), List.of()));
        out.sort(Comparator.comparing((JsonNode s) -> s.path("id").asLong()).reversed());
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Matcher m;
            if (method.equals("GET") && (m = PULL.matcher(path)).matches()) {
                ObjectNode pr = pullRequests.get(key(m.group(1), Integer.parseInt(m.group(2))));
                send(exchange, pr == null ? 404 : 200, pr == null ? notFound() : pr);
            } else if (method.equals("GET") && (m = PULLS.matcher(path)).matches()) {
                String state = query(exchange, "state", "open");
                ArrayNode list = Json.MAPPER.createArrayNode();
                String prefix = m.group(1).toLowerCase(Locale.ROOT) + "#";
                pullRequests.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                        .filter(e -> state.equals("all") || state.equals(e.getValue().path("state").asText()))
                        .sorted(Comparator.comparing((Map.Entry<String, ObjectNode> e) -> e.getValue().path("number").asInt()).reversed())
                        .forEach(e -> list.add(e.getValue()));
                send(exchange, 200, list);
            } else if (method.equals("POST") && (m = STATUSES.matcher(path)).matches()) {
                send(exchange, 201, recordStatus(m.group(1), m.group(2), Json.MAPPER.readTree(exchange.getRequestBody())));
            } else if (method.equals("GET") && (m = COMMIT_STATUSES.matcher(path)).matches()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                statuses(m.group(1), m.group(2)).forEach(list::add);
                send(exchange, 200, list);
            } else if (method.equals("GET") && (m = TEAM_MEMBERSHIP.matcher(path)).matches()) {
                boolean member = isMember(group(m.group(1), m.group(2)), m.group(3));
                send(exchange, member ? 200 : 404, member ? Json.MAPPER.createObjectNode().put("state", "active").put("role", "member")
                        .put("url", url() + path) : notFound());
            } else if (method.equals("GET") && (m = TEAM_MEMBERS.matcher(path)).matches()) {
                send(exchange, 200, logins(group(m.group(1), m.group(2))));
            } else if (method.equals("GET") && (m = ORG_MEMBER.matcher(path)).matches()) {
                boolean member = isMember(group(m.group(1), null), m.group(2));
                send(exchange, member ? 204 : 404, member ? null : notFound());
            } else if (method.equals("GET") && (m = ORG_MEMBERS.matcher(path)).matches()) {
                send(exchange, 200, logins(group(m.group(1), null)));
            } else if (method.equals("GET") && (m = USER_KEYS.matcher(path)).matches()) {
                ArrayNode list = Json.MAPPER.createArrayNode();
                List<String> userKeys = keys.getOrDefault(m.group(1).toLowerCase(Locale.ROOT), List.of());
                for (int i = 0; i < userKeys.size(); i++) {
                    list.addObject().put("id", i + 1).put("key", userKeys.get(i));
                }
                send(exchange, 200, list);
            } else {
                send(exchange, 404, notFound());
            }
        } catch (IOException | RuntimeException e) {
            send(exchange, 400, Json.MAPPER.createObjectNode().put("message", "Problems parsing JSON"));
        }
    }

    private ObjectNode recordStatus(String repository, String sha, JsonNode body) {
        String now = Instant.now().toString();
        ObjectNode status = Json.MAPPER.createObjectNode().put("id", statusIds.incrementAndGet())
                .put("state", body.path("state").asText()).put("description", body.path("description").asText(null))
                .put("target_url", body.path("target_url").asText(null)).put("context", body.path("context").asText("default"))
                .put("created_at", now).put("updated_at", now);
        statuses.computeIfAbsent(key(repository, sha), k -> new CopyOnWriteArrayList<>()).add(status);
        return status;
    }

    private boolean isMember(String group, String login) {
        return members.getOrDefault(group, Set.of()).contains(login.toLowerCase(Locale.ROOT));
    }

    private ArrayNode logins(String group) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        members.getOrDefault(group, Set.of()).stream().sorted().forEach(login -> list.addObject().put("login", login));
        return list;
    }

    private static String group(String organization, String team) {
        return (team == null ? organization : organization + "/" + team).toLowerCase(Locale.ROOT);
    }

    private static String key(String repository, Object id) {
        return repository.toLowerCase(Locale.ROOT) + "#" + id.toString().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode notFound() {
        return Json.MAPPER.createObjectNode().put("message", "Not Found")
                .put("documentation_url", "https://docs.github.com/rest");
    }

    private static String query(HttpExchange exchange, String name, String fallback) {
        String query = exchange.getRequestURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public String name() {
        return "local GitHub at " + url();
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
