package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service promises an operator: its name, its default port, a health endpoint that
 * includes the broker, and Prometheus metrics. Each service's test extends this with its own values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceEndpointsContract {
    private final String applicationName;
    private final int defaultPort;
    private final PipelineConsumer consumer;
    private RunningService service;

    /** For a service without Kafka listeners. */
    protected ServiceEndpointsContract(String applicationName, int defaultPort) {
        this(applicationName, defaultPort, null);
    }

    /** For a service that consumes: its listeners start in a group of their own, at the end of their topics. */
    protected ServiceEndpointsContract(String applicationName, int defaultPort, PipelineConsumer consumer) {
        this.applicationName = applicationName;
        this.defaultPort = defaultPort;
        this.consumer = consumer;
    }

    /** Extra properties a service needs to start in a test (directories, fake targets, ...). */
    protected Map<String, Object> extraProperties() {
        return Map.of();
    }

    @BeforeAll
    void start() {
        RunningService.Builder builder = RunningService.of(applicationName).keepingItsName().properties(extraProperties());
        if (consumer != null) {
            builder.consuming(consumer);
        }
        service = builder.start();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void itIsNamedAndHasItsDefaultPort() {
        assertEquals(applicationName, service.context().getProperty("micronaut.application.name", String.class).orElseThrow());
        // The configured default, not the random port the test runs on. Only the environment is
        // started: starting the beans would start the service's listeners in its production group.
        try (ApplicationContext plain = ApplicationContext.builder().build()) {
            plain.getEnvironment().start();
            assertEquals(defaultPort, plain.getEnvironment().getProperty("micronaut.server.port", Integer.class).orElseThrow());
        }
    }

    @Test
    void healthSaysUpAndIncludesTheBroker() {
        JsonNode body = service.get("/health").expect(200).json();
        assertEquals("UP", body.path("status").asText(), body::toString);
        assertTrue(body.path("details").toString().contains("kafka"), "health details name the broker: " + body);
    }

    @Test
    void prometheusServesJvmAndHttpMetrics() {
        service.get("/health");
        String metrics = service.get("/prometheus").expect(200).body();
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
        assertTrue(metrics.contains("http_server_requests_seconds"), "HTTP request metrics are exported");
    }
}
