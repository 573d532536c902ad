package dev.slipway.status.dashboard.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.status.dashboard.DashboardConfiguration;
import dev.slipway.status.views.LinksConfiguration;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's calls to the services that own what a person asks for, each with the signed-in
 * person's own API token (so each service checks their role itself, and its log names them):
 * webhook-service's {@code POST /builds} (build now), deploy-service's {@code POST /deployments}
 * (promote, roll back), and image-service's build log. status-service itself never drives the pipeline.
 */
@Singleton
public class PipelineActions {
    private static final String WEBHOOK = "webhook-service";
    private static final String DEPLOY = "deploy-service";
    private static final String IMAGE = "image-service";
    private static final int MAX_MESSAGE = 500;

    private final LinksConfiguration links;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int logTailBytes;
    private final HttpClient http;

    public PipelineActions(LinksConfiguration links, DashboardConfiguration configuration, ObjectMapper json) {
        this.links = links;
        this.json = json;
        this.timeout = configuration.callTimeout();
        this.logTailBytes = configuration.logTailBytes();
        // HTTP/1.1 like every Slipway client; a redirect from a service is not followed with the person's token.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Asks webhook-service to build the plan: the commit (which must be in the branch's history) or the
     * branch's head; the branch defaults to the plan's.
     */
    public Triggered trigger(String token, PlanName plan, String commit, String branch) {
        ObjectNode body = json.createObjectNode().put("plan", plan.value());
        if (commit != null && !commit.isBlank()) {
            body.put("commit", commit.strip());
        }
        if (branch != null && !branch.isBlank()) {
            body.put("branch", branch.strip());
        }
        JsonNode answer = postJson(WEBHOOK, links.webhookService(), "/builds", token, body);
        List<Triggered.Queued> queued = new ArrayList<>();
        answer.path("builds").forEach(build -> queued.add(new Triggered.Queued(build.path("branch").asText(null),
                build.path("commit").asText(null))));
        return new Triggered(queued, answer.path("message").asText(""));
    }

    /** Asks deploy-service to run the build in the environment: a rollback when it runs a newer one, else a promotion. */
    public Deployed deploy(String token, PlanName plan, long build, EnvironmentName environment) {
        ObjectNode body = json.createObjectNode().put("plan", plan.value()).put("buildNumber", build).put("environment", environment.value());
        JsonNode answer = postJson(DEPLOY, links.deployService(), "/deployments", token, body);
        return new Deployed(answer.path("reason").asText(null));
    }

    /** The end of a numbered build's image log (at most {@code log-tail-bytes}), as image-service keeps it. */
    public BuildLog log(String token, PlanName plan, long build) {
        URI base = links.imageService();
        HttpResponse<byte[]> answer = send(IMAGE, base, request(base, "/images/" + plan.value() + "/" + build + "/log", token).GET());
        if (answer.statusCode() == 404) {
            return new BuildLog("", false, false);
        }
        if (answer.statusCode() / 100 != 2) {
            throw new ServiceRefusedException(IMAGE, message(answer));
        }
        byte[] bytes = answer.body();
        boolean cut = bytes.length > logTailBytes;
        String text = new String(bytes, cut ? bytes.length - logTailBytes : 0, cut ? logTailBytes : bytes.length, StandardCharsets.UTF_8);
        return new BuildLog(text, cut, true);
    }

    private JsonNode postJson(String service, URI base, String path, String token, JsonNode body) {
        HttpResponse<byte[]> answer = send(service, base, request(base, path, token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json").header("Accept", "application/json"));
        if (answer.statusCode() / 100 != 2) {
            throw new ServiceRefusedException(service, message(answer));
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new ServiceRefusedException(service, "its answer was not JSON");
        }
    }

    private HttpRequest.Builder request(URI base, String path, String token) {
        String root = base.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(root + path)).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<byte[]> send(String service, URI base, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ServiceUnreachableException(service, base.toString(), "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ServiceUnreachableException(service, base.toString(), "connection refused");
        } catch (IOException e) {
            throw new ServiceUnreachableException(service, base.toString(), "the connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachableException(service, base.toString(), "interrupted");
        }
    }

    /** The service's {@code {"message": ...}}, else its text, else the status. */
    // SHARED-CANDIDATE: slipway-cli's ServiceClient reads another service's error answer the same way; one reader of the
    // shared ErrorMessage body (service-infrastructure's http package) would serve both.
    private String message(HttpResponse<byte[]> answer) {
        String text = new String(answer.body(), StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode message = json.readTree(text).get("message");
                if (message != null && message.isTextual() && !message.asText().isBlank()) {
                    text = message.asText();
                }
            } catch (IOException e) {
                // not JSON after all: its text says what the service sent
            }
        }
        if (text.isEmpty()) {
            return "HTTP " + answer.statusCode() + " without a message";
        }
        String line = text.replaceAll("\\s*\\R\\s*", " ");
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
    }

    /** What webhook-service queued: a build per branch and commit, or nothing (its message says why). */
    public record Triggered(List<Queued> builds, String message) {
        public record Queued(String branch, String commit) {
            public String shortCommit() {
                return commit == null ? "?" : commit.substring(0, Math.min(7, commit.length())).toLowerCase(Locale.ROOT);
            }
        }
    }

    /** @param reason {@code rollback} or {@code promotion}, as deploy-service decided */
    public record Deployed(String reason) {
    }

    /**
     * @param cut    whether only its end is shown
     * @param exists whether image-service has a log of the build (not before it takes the build up)
     */
    public record BuildLog(String text, boolean cut, boolean exists) {
    }
}
