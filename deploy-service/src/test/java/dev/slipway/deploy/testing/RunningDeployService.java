package dev.slipway.deploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.LocalStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The deploy service, started for a test against the real broker: its own consumer group,
 * positioned at the end of the topics before it starts, and its own state directory.
 */
public final class RunningDeployService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final EmbeddedServer server;
    private final Path stateDir;

    private RunningDeployService(EmbeddedServer server, Path stateDir) {
        this.server = server;
        this.stateDir = stateDir;
    }

    /** Starts it with a fresh state directory. */
    public static RunningDeployService start(Map<String, Object> properties) throws IOException {
        return start(properties, Files.createTempDirectory("deploy-state"));
    }

    /** Starts it on {@code stateDir}: a second start on the same directory is a restart. */
    public static RunningDeployService start(Map<String, Object> properties, Path stateDir) {
        String group = "deploy-test-" + UUID.randomUUID();
        Listeners.startAtEnd(group, Topics.IMAGE_BUILT, Topics.DEPLOY_REQUESTED);
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("kafka.enabled", true);
        all.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        all.put("slipway.deploy.consumer-group", group);
        all.put("slipway.deploy.state-dir", stateDir.toString());
        all.put("slipway.deploy.poll-interval", "300ms");
        all.put("slipway.deploy.retry-initial-delay", "200ms");
        all.putAll(properties);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, all);
        Listeners.awaitAssignment(server.getApplicationContext(), Duration.ofSeconds(30));
        return new RunningDeployService(server, stateDir);
    }

    public Path stateDir() {
        return stateDir;
    }

    public void publish(PipelineEvent event) {
        server.getApplicationContext().getBean(EventPublisher.class).publishAndWait(event, Duration.ofSeconds(20));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Polls {@code GET /deployments/{plan}} until the environment's entry matches, and returns that entry. */
    public JsonNode awaitEnvironment(PlanName plan, EnvironmentName environment, Predicate<JsonNode> matching, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Response response = get("/deployments/" + plan);
            if (response.status() == 200) {
                for (JsonNode entry : response.json().path("environments")) {
                    if (environment.value().equals(entry.path("environment").asText())) {
                        last = entry;
                        if (matching.test(entry)) {
                            return entry;
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("environment " + environment + " of " + plan + " did not reach the expected state within "
                + timeout + "; last seen: " + last);
    }

    /** What a person would see at a deployed URL. */
    public static Response fetch(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        server.getApplicationContext().close();
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
