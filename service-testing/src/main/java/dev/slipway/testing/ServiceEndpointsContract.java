package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service promises an operator: its name, its default port, a health endpoint that
 * includes the broker (for a token holder), Prometheus metrics, and that no container a build or a
 * deployment starts can reach it. Each service's test extends this with its own values.
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
    void healthShowsItsDetailsOnlyToATokenHolderAndMetricsNeedNone() {
        JsonNode anonymous = service.anonymously().get("/health").expect(200).json();
        assertEquals("UP", anonymous.path("status").asText(), anonymous::toString);
        assertFalse(anonymous.has("details"), "no details (disk, broker ids) without a token: " + anonymous);
        service.anonymously().get("/prometheus").expect(200);
    }

    /**
     * The trust boundary: a container that a repository's Dockerfile builds, tests or deploys is on
     * the Docker bridge and reaches the host as 172.17.0.1. The service listens on loopback only, so
     * nothing such a container sends reaches it, token or not. The control: a server of the test's
     * on all addresses is reached the same way, so a bridge that reaches nothing cannot pass this.
     */
    @Test
    void aContainerOnTheDockerBridgeCannotReachIt() throws Exception {
        HttpServer control = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        control.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        control.start();
        try {
            assertEquals(0, fromTheBridge(control.getAddress().getPort(), "/"), "the control server is reachable from the bridge");
        } finally {
            control.stop(0);
        }
        assertTrue(fromTheBridge(service.port(), "/health") != 0, "a container reached the service on 172.17.0.1:" + service.port());
    }

    /** The exit code of a busybox wget from a container on the default bridge to the host's port. */
    private static int fromTheBridge(int port, String path) throws Exception {
        // busybox's own wget timeout (-T) crashes in the static build; its timeout applet bounds the wait instead.
        Process docker = new ProcessBuilder("docker", "run", "--rm", "--label", "dev.slipway.test=true", LocalStack.busyboxImage(),
                "sh", "-c", "timeout 5 wget -q -O - http://172.17.0.1:" + port + path + " > /dev/null")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(docker.waitFor(60, TimeUnit.SECONDS), "docker run did not finish");
        return docker.exitValue();
    }

    @Test
    void prometheusServesJvmAndHttpMetrics() {
        service.get("/health");
        String metrics = service.get("/prometheus").expect(200).body();
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
        assertTrue(metrics.contains("http_server_requests_seconds"), "HTTP request metrics are exported");
    }
}
