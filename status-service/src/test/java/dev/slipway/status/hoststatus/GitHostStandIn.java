package dev.slipway.status.hoststatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four Git hosts' commit-status APIs in one local HTTP server, each under its own prefix, each
 * checking every request against the provider's documented shape (method, path, authentication
 * header, required JSON fields and allowed states) and answering as the provider does (201 with the
 * status for GitHub, GitLab and Bitbucket Cloud; 204 for Bitbucket Data Center's build-status 1.0).
 * A request that does not fit is answered 400 and kept in {@link #violations()}.
 */
final class GitHostStandIn implements AutoCloseable {
    static final String GITHUB = "github";
    static final String GITLAB = "gitlab";
    static final String BITBUCKET_CLOUD = "bitbucket-cloud";
    static final String BITBUCKET_SERVER = "bitbucket-server";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "([0-9a-f]{40})";
    private static final Pattern GITHUB_PATH = Pattern.compile("/github/repos/([^/]+)/([^/]+)/statuses/" + SHA);
    // GitLab's :id is the project's path URL-encoded: its slashes arrive as %2F in the raw path.
    private static final Pattern GITLAB_PATH = Pattern.compile("/gitlab/api/v4/projects/([^/]+)/statuses/" + SHA);
    private static final Pattern BITBUCKET_CLOUD_PATH = Pattern.compile("/bitbucket/2.0/repositories/([^/]+)/([^/]+)/commit/" + SHA
            + "/statuses/build");
    private static final Pattern BITBUCKET_SERVER_PATH = Pattern.compile("/bbdc/rest/build-status/1.0/commits/" + SHA);

    /** One status a host took (or, with a code other than 2xx, was answered so). */
    record Received(String provider, String repository, String commit, String context, String state, String description, String targetUrl,
                    int answered) {
    }

    private final HttpServer server;
    private final Map<String, String> tokens;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private GitHostStandIn(Map<String, String> tokens) throws IOException {
        this.tokens = tokens;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @param tokens per provider, the token its requests must carry */
    static GitHostStandIn start(Map<String, String> tokens) {
        try {
            return new GitHostStandIn(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API base to configure for the provider (what precedes its documented path). */
    URI api(String provider) {
        String prefix = switch (provider) {
            case GITHUB -> "/github";
            case GITLAB -> "/gitlab/api/v4";
            case BITBUCKET_CLOUD -> "/bitbucket/2.0";
            default -> "/bbdc";
        };
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    /** The provider's next {@code count} requests are answered 500, as a host that is having trouble. */
    void failNext(String provider, int count) {
        failures.computeIfAbsent(provider, p -> new AtomicInteger()).set(count);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** What the hosts took (2xx) for one context, in the order they took it. */
    List<Received> taken(String context) {
        return received.stream().filter(r -> r.context().equals(context) && r.answered() / 100 == 2).toList();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m;
            if ((m = GITHUB_PATH.matcher(rawPath)).matches()) {
                JsonNode json = checked(exchange, GITHUB, body, "Authorization", "Bearer " + tokens.get(GITHUB),
                        Set.of("error", "failure", "pending", "success"), "state", "context", "target_url");
                if (json != null && !"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
                    refuse(exchange, GITHUB, "Accept is not application/vnd.github+json");
                } else if (json != null && json.path("description").asText().length() > 140) {
                    refuse(exchange, GITHUB, "description longer than 140 characters");
                } else if (json != null) {
                    answer(exchange, GITHUB, m.group(1) + "/" + m.group(2), m.group(3), json.path("context").asText(), json, "target_url", 201);
                }
            } else if ((m = GITLAB_PATH.matcher(rawPath)).matches()) {
                JsonNode json = checked(exchange, GITLAB, body, "PRIVATE-TOKEN", tokens.get(GITLAB),
                        Set.of("pending", "running", "success", "failed", "canceled"), "state", "name", "target_url");
                if (json != null) {
                    String project = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                    answer(exchange, GITLAB, project, m.group(2), json.path("name").asText(), json, "target_url", 201);
                }
            } else if ((m = BITBUCKET_CLOUD_PATH.matcher(rawPath)).matches()) {
                JsonNode json = checked(exchange, BITBUCKET_CLOUD, body, "Authorization", "Bearer " + tokens.get(BITBUCKET_CLOUD),
                        Set.of("INPROGRESS", "SUCCESSFUL", "FAILED", "STOPPED"), "state", "key", "url");
                if (json != null && json.path("key").asText().length() > 40) {
                    refuse(exchange, BITBUCKET_CLOUD, "key: Ensure this value has at most 40 characters (it has "
                            + json.path("key").asText().length() + ")");
                } else if (json != null) {
                    // Statuses are told apart by key; the test follows them by name, which carries the whole context.
                    answer(exchange, BITBUCKET_CLOUD, m.group(1) + "/" + m.group(2), m.group(3), json.path("name").asText(), json, "url", 201);
                }
            } else if ((m = BITBUCKET_SERVER_PATH.matcher(rawPath)).matches()) {
                JsonNode json = checked(exchange, BITBUCKET_SERVER, body, "Authorization", "Bearer " + tokens.get(BITBUCKET_SERVER),
                        Set.of("INPROGRESS", "SUCCESSFUL", "FAILED"), "state", "key", "url");
                if (json != null) {
                    answer(exchange, BITBUCKET_SERVER, null, m.group(1), json.path("key").asText(), json, "url", 204);
                }
            } else {
                violations.add("no such API: " + exchange.getRequestMethod() + " " + rawPath);
                send(exchange, 404, "{\"message\":\"Not Found\"}");
            }
        }
    }

    /** The body when method, content type, authentication, required fields and state fit; null (and answered 400/401) otherwise. */
    private JsonNode checked(HttpExchange exchange, String provider, String body, String authHeader, String authValue, Set<String> states,
                             String... required) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            refuse(exchange, provider, "method " + exchange.getRequestMethod());
            return null;
        }
        if (!authValue.equals(exchange.getRequestHeaders().getFirst(authHeader))) {
            violations.add(provider + ": " + authHeader + " missing or wrong");
            send(exchange, 401, "{\"message\":\"Bad credentials\"}");
            return null;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            refuse(exchange, provider, "Content-Type " + type);
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            refuse(exchange, provider, "body is not JSON: " + body);
            return null;
        }
        for (String field : required) {
            if (!json.path(field).isTextual() || json.path(field).asText().isBlank()) {
                refuse(exchange, provider, "required field " + field + " missing in " + body);
                return null;
            }
        }
        if (!states.contains(json.path("state").asText())) {
            refuse(exchange, provider, "state " + json.path("state").asText() + " is not one of " + states);
            return null;
        }
        return json;
    }

    private void answer(HttpExchange exchange, String provider, String repository, String commit, String context, JsonNode json,
                        String urlField, int created) throws IOException {
        AtomicInteger failing = failures.get(provider);
        int code = failing != null && failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : created;
        received.add(new Received(provider, repository, commit, context, json.path("state").asText(), json.path("description").asText(),
                json.path(urlField).asText(), code));
        if (code == 500) {
            send(exchange, 500, "{\"message\":\"Server Error\"}");
        } else if (code == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            send(exchange, code, json.toString());
        }
    }

    private void refuse(HttpExchange exchange, String provider, String why) throws IOException {
        violations.add(provider + ": " + why);
        send(exchange, 400, "{\"message\":\"" + why.replace("\"", "'") + "\"}");
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<String> states(List<Received> received) {
        List<String> states = new ArrayList<>();
        received.forEach(r -> states.add(r.state()));
        return states;
    }
}
