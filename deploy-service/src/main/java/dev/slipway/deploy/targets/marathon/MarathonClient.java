package dev.slipway.deploy.targets.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The parts of Marathon's v2 REST API the target uses (apps, deployments, queue), as documented
 * for Marathon 1.5 to 1.10. Credentials go into the {@code Authorization} header only; they are
 * never part of a message or a log line.
 */
final class MarathonClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    MarathonClient(URI base, String authorization, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.authorization = authorization;
        this.timeout = timeout;
        // Never follow a redirect: Java's HttpClient sends the Authorization header set on a request
        // to wherever a redirect points, another host included, and the credentials belong to the
        // configured Marathon only. A redirect is answered with an error that says where it pointed.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Basic auth when a user is configured, else a DC/OS token, else none. */
    static String authorization(String username, String password, String token) {
        if (username != null && !username.isBlank()) {
            String pair = username + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        if (token != null && !token.isBlank()) {
            return "token=" + token;
        }
        return null;
    }

    /** {@code PUT /v2/apps/{id}?force=true}: creates or replaces the app, cancelling a deployment that holds it. */
    DeploymentResult putApp(String appId, ObjectNode definition) throws TargetException {
        JsonNode body = send("PUT", "v2/apps" + appId + "?force=true", definition, "deploy app " + appId)
                .orElseThrow(() -> new TargetException("Marathon did not answer the deployment of " + appId + " with a deployment id"));
        String deploymentId = body.path("deploymentId").asText("");
        if (deploymentId.isEmpty()) {
            throw new TargetException("Marathon answered the deployment of " + appId + " without a deploymentId: " + shorten(body.toString()));
        }
        return new DeploymentResult(deploymentId, body.path("version").asText(""));
    }

    /** {@code GET /v2/deployments}: the deployments that have not finished. */
    JsonNode deployments() throws TargetException {
        return send("GET", "v2/deployments", null, "list deployments").orElseGet(JSON::createArrayNode);
    }

    /** {@code GET /v2/queue}: what waits for resource offers, with why offers were declined. */
    JsonNode queue() throws TargetException {
        return send("GET", "v2/queue", null, "read the launch queue").orElseGet(JSON::createObjectNode);
    }

    /** {@code GET /v2/apps/{id}} with its tasks and counts; empty when there is no such app. */
    Optional<JsonNode> app(String appId) throws TargetException {
        try {
            return send("GET", "v2/apps" + appId + "?embed=app.tasks&embed=app.counts&embed=app.lastTaskFailure",
                    null, "read app " + appId).map(body -> body.path("app"));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** {@code DELETE /v2/deployments/{id}}: cancels it, and Marathon rolls the app back. */
    void cancelDeployment(String deploymentId) throws TargetException {
        try {
            send("DELETE", "v2/deployments/" + URLEncoder.encode(deploymentId, StandardCharsets.UTF_8), null,
                    "cancel deployment " + deploymentId);
        } catch (NotFound finishedMeanwhile) {
            // It ended before it could be cancelled; nothing is left to undo.
        }
    }

    /** {@code DELETE /v2/apps/{id}?force=true}; an app that does not exist is already gone. */
    void deleteApp(String appId) throws TargetException {
        try {
            send("DELETE", "v2/apps" + appId + "?force=true", null, "remove app " + appId);
        } catch (NotFound alreadyGone) {
            // Nothing to remove.
        }
    }

    private Optional<JsonNode> send(String method, String path, JsonNode body, String what) throws TargetException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TargetUnavailableException(what + ": cannot reach Marathon at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException(what + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body().length == 0 ? Optional.empty() : Optional.of(parse(response.body(), what));
        }
        if (status >= 300 && status < 400) {
            throw new TargetException(what + ": Marathon at " + origin(base) + " answered " + status + " with a redirect to "
                    + response.headers().firstValue("Location").map(this::originOf).orElse("nowhere")
                    + "; redirects are not followed, so that the credentials go to " + origin(base)
                    + " only: set the target's url to the address that Marathon (its leader or the load balancer in front of it) answers on");
        }
        String message = message(response.body());
        if (status == 404) {
            throw new NotFound(what + ": " + message);
        }
        if (status == 401 || status == 403) {
            throw new TargetException(what + ": Marathon refused the configured credentials (" + status + "): " + message);
        }
        if (status >= 500 || status == 429) {
            throw new TargetUnavailableException(what + ": Marathon answered " + status + ": " + message);
        }
        throw new TargetException(what + ": Marathon answered " + status + ": " + message);
    }

    private String originOf(String location) {
        try {
            URI target = base.resolve(location);
            return target.getHost() == null ? "an address without a host" : origin(target);
        } catch (IllegalArgumentException e) {
            return "an address that is not a URL";
        }
    }

    /**
     * Scheme, host and port only: a redirect's location may carry anything in its user info, path
     * or query (a token, say), and none of that belongs in a message.
     */
    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** Marathon's errors are {@code {"message": ..., "details": [{"path": ..., "errors": [...]}]}}. */
    private static String message(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            StringBuilder text = new StringBuilder(error.path("message").asText(""));
            for (JsonNode detail : error.path("details")) {
                text.append("; ").append(detail.path("path").asText("")).append(": ").append(detail.path("errors"));
            }
            return text.length() > 0 ? shorten(text.toString()) : shorten(new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return shorten(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static JsonNode parse(byte[] body, String what) throws TargetException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new TargetException(what + ": Marathon answered with something that is not JSON: "
                    + shorten(new String(body, StandardCharsets.UTF_8)));
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Cuts a long answer of Marathon to one line of at most 500 characters. Not {@code Quoted}:
     * this is the operator's own cluster speaking, not hostile input, and its validation details
     * (which field, which error) need more room than a quoted value gets.
     */
    private static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 500 ? line.substring(0, 497) + "..." : line;
    }

    record DeploymentResult(String deploymentId, String version) {
    }

    /** 404: an app or deployment that does not exist (any more). */
    static final class NotFound extends TargetException {
        NotFound(String message) {
            super(message);
        }
    }
}
