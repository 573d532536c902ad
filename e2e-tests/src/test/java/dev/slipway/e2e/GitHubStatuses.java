package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for GitHub's commit status API ({@code POST /repos/{owner}/{repo}/statuses/{sha}}), which cannot be
 * reached from here: it takes only what GitHub documents (a bearer token, JSON with a known {@code state}, a
 * {@code context}, a description of at most 140 characters) and answers 201 as GitHub does; anything else is
 * answered 422 and recorded as refused, so a test sees it.
 */
final class GitHubStatuses implements AutoCloseable {
    static final String TOKEN = "e2e-github-status-token";
    private static final Pattern PATH = Pattern.compile("/repos/([^/]+)/([^/]+)/statuses/([0-9a-f]{40})");
    private static final Set<String> STATES = Set.of("error", "failure", "pending", "success");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Status> received = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    /** One status as GitHub would store it. */
    record Status(String repository, String sha, String state, String context, String description, String targetUrl) {
    }

    private GitHubStatuses(HttpServer server) {
        this.server = server;
    }

    static GitHubStatuses start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        GitHubStatuses statuses = new GitHubStatuses(server);
        server.createContext("/", statuses::handle);
        server.start();
        return statuses;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<Status> received() {
        return List.copyOf(received);
    }

    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String problem = problem(exchange, body);
            if (problem != null) {
                synchronized (this) {
                    refused.add(problem);
                }
                answer(exchange, 422, "{\"message\":\"" + problem.replace("\"", "'") + "\"}");
                return;
            }
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            path.matches();
            JsonNode json = JSON.readTree(body);
            synchronized (this) {
                received.add(new Status(path.group(1) + "/" + path.group(2), path.group(3), json.path("state").asText(),
                        json.path("context").asText(), json.path("description").asText(null), json.path("target_url").asText(null)));
            }
            answer(exchange, 201, "{\"id\":1,\"state\":\"" + json.path("state").asText() + "\"}");
        }
    }

    private static String problem(HttpExchange exchange, byte[] body) {
        if (!"POST".equals(exchange.getRequestMethod()) || !PATH.matcher(exchange.getRequestURI().getPath()).matches()) {
            return exchange.getRequestMethod() + " " + exchange.getRequestURI() + " is not GitHub's create-a-commit-status";
        }
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return "no bearer token, or the wrong one";
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (!STATES.contains(json.path("state").asText())) {
                return "state '" + json.path("state").asText() + "' is not one of " + STATES;
            }
            if (json.path("context").asText().isEmpty()) {
                return "no context";
            }
            if (json.path("description").asText("").length() > 140) {
                return "description longer than 140 characters";
            }
            return null;
        } catch (IOException e) {
            return "the body is not JSON";
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
