package dev.slipway.deploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.Caller;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The deploy service started for a test ({@link RunningService}) with what its tests need: the
 * listeners on (the surefire configuration turns them off for contexts that do not ask), a state
 * directory of its own, a short poll interval and retry delay, and a consumer group of its own
 * that a restart keeps.
 */
public final class RunningDeployService implements AutoCloseable {
    private final RunningService service;
    private final Map<String, Object> properties;
    private final Path stateDir;
    private final String group;

    private RunningDeployService(RunningService service, Map<String, Object> properties, Path stateDir, String group) {
        this.service = service;
        this.properties = properties;
        this.stateDir = stateDir;
        this.group = group;
    }

    /** Starts it with a fresh state directory. */
    public static RunningDeployService start(Map<String, Object> properties) throws IOException {
        return start(properties, Files.createTempDirectory("deploy-state"));
    }

    /** Starts it on {@code stateDir}, which may hold what an earlier start (or the test) left there. */
    public static RunningDeployService start(Map<String, Object> properties, Path stateDir) {
        return start(properties, stateDir, "deploy-test-" + UUID.randomUUID());
    }

    private static RunningDeployService start(Map<String, Object> properties, Path stateDir, String group) {
        RunningService service = RunningService.of("deploy-service")
                .consuming(PipelineConsumer.DEPLOY_SERVICE, group)
                .property("kafka.enabled", true)
                .property("slipway.deploy.state-dir", stateDir)
                .property("slipway.deploy.poll-interval", "300ms")
                .property("slipway.deploy.retry.initial-delay", "200ms")
                .properties(properties)
                .start();
        return new RunningDeployService(service, properties, stateDir, group);
    }

    /** Starts the service again, after {@link #close}, on the same state directory and consumer group: a restart. */
    public RunningDeployService startAgain() {
        return start(properties, stateDir, group);
    }

    public void publish(PipelineEvent event) {
        service.publish(event);
    }

    /** GETs {@code path} as an admin. */
    public HttpAnswer get(String path) {
        return service.get(path);
    }

    /** A caller with the test's token of {@code role}. */
    public Caller as(Role role) {
        return service.as(role);
    }

    /** A caller without a token (or with one of its own, given as a header). */
    public Caller anonymously() {
        return service.anonymously();
    }

    /** The service's own name, port and context, for what the methods here do not cover. */
    public RunningService service() {
        return service;
    }

    /** POSTs a JSON body as an admin. */
    public HttpAnswer post(String path, String json) {
        return service.postJson(path, json);
    }

    /** Polls {@code GET /deployments/{plan}} until the environment's entry matches, and returns that entry. */
    public JsonNode awaitEnvironment(PlanName plan, EnvironmentName environment, Predicate<JsonNode> matching, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return await("environment " + environment + " of " + plan).atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonNode entry = entry(plan, environment).orElse(null);
                        if (entry != null) {
                            last.set(entry);
                        }
                        return entry;
                    }, entry -> entry != null && matching.test(entry));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("environment " + environment + " of " + plan + " did not reach the expected state within "
                    + timeout + "; last seen: " + last.get(), e);
        }
    }

    private Optional<JsonNode> entry(PlanName plan, EnvironmentName environment) {
        HttpAnswer answer = get("/deployments/" + plan);
        if (answer.status() != 200) {
            return Optional.empty();
        }
        for (JsonNode entry : answer.json().path("environments")) {
            if (environment.value().equals(entry.path("environment").asText())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        service.close();
    }
}
