package dev.slipway.events.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
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
    private ApplicationContext context;
    private EmbeddedServer server;
    private HttpClient client;

    protected ServiceEndpointsContract(String applicationName, int defaultPort) {
        this.applicationName = applicationName;
        this.defaultPort = defaultPort;
    }

    /** Extra properties a service needs to start in a test (directories, fake targets, ...). */
    protected Map<String, Object> extraProperties() {
        return Map.of();
    }

    @BeforeAll
    void start() {
        java.util.Map<String, Object> properties = new java.util.HashMap<>(extraProperties());
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        context = server.getApplicationContext();
        client = context.createBean(HttpClient.class, server.getURL());
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void itIsNamedAndHasItsDefaultPort() {
        assertEquals(applicationName, context.getProperty("micronaut.application.name", String.class).orElseThrow());
        // The configured default, not the random port the test runs on. Only the environment is
        // started: starting the beans would start the service's listeners in its production group.
        try (ApplicationContext plain = ApplicationContext.builder().build()) {
            plain.getEnvironment().start();
            assertEquals(defaultPort, plain.getEnvironment().getProperty("micronaut.server.port", Integer.class).orElseThrow());
        }
    }

    @Test
    void healthSaysUpAndIncludesTheBroker() {
        HttpResponse<Map> response = client.toBlocking().exchange(HttpRequest.GET("/health"), Map.class);
        assertEquals(200, response.getStatus().getCode());
        Map<?, ?> body = response.body();
        assertEquals("UP", body.get("status"), String.valueOf(body));
        assertTrue(String.valueOf(body.get("details")).contains("kafka"), "health details name the broker: " + body);
    }

    @Test
    void prometheusServesJvmAndHttpMetrics() {
        client.toBlocking().exchange(HttpRequest.GET("/health"), Map.class);
        String metrics = client.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
        assertTrue(metrics.contains("http_server_requests_seconds"), "HTTP request metrics are exported");
    }
}
