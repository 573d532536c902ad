package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.deploy.targets.marathon.MarathonDouble;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The health check comes from the repository's descriptor, so it is the repository owner's to
 * choose, and the deploy service runs the probe from inside the operator's network. A path such as
 * {@code //169.254.169.254/latest/meta-data/} would make it probe any host and report what it
 * answered. Here the host is a server of the test's own, standing for the metadata service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthCheckProbeTest {
    private static final Duration SOON = Duration.ofSeconds(30);

    private final List<String> secretServerSaw = new CopyOnWriteArrayList<>();
    private HttpServer secretServer;
    private MarathonDouble marathon;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        secretServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        secretServer.createContext("/", exchange -> {
            secretServerSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] secret = "instance credentials".getBytes();
            exchange.sendResponseHeaders(200, secret.length);
            exchange.getResponseBody().write(secret);
            exchange.close();
        });
        secretServer.start();
        marathon = new MarathonDouble(8, 8192, Set.of());
        service = RunningDeployService.start(Map.of(
                "slipway.deploy.targets.cluster.type", "marathon",
                "slipway.deploy.targets.cluster.url", marathon.url().toString(),
                "slipway.deploy.environments.staging.kind", "stable",
                "slipway.deploy.environments.staging.target", "cluster",
                "slipway.deploy.health-timeout", "5s",
                "slipway.deploy.environments.staging.plans", List.of("probe-*")));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (marathon != null) {
            marathon.close();
        }
        if (secretServer != null) {
            secretServer.stop(0);
        }
    }

    @Test
    void aHealthCheckThatNamesAnotherHostIsRefusedAndThatHostIsNeverProbed() {
        PlanName plan = SampleEvents.uniquePlan("probe");
        String healthCheck = "//127.0.0.1:" + secretServer.getAddress().getPort() + "/secret";

        try (TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(imageBuilt(plan, healthCheck));

            StageFailed failure = EventCodec.fromRecord(failed.await(plan.value(), 1, SOON).get(0), StageFailed.class);
            assertEquals(Stage.DEPLOY, failure.stage());
            assertEquals("build " + plan + "/1 was not deployed: healthCheck '" + healthCheck + "' is refused: it starts with '//',"
                    + " which makes the rest a host name; it must be a path on the deployed app, such as /health,"
                    + " so that the probe goes to the app and nowhere else", failure.reason());
            assertFalse(failure.retryable(), "the same descriptor will be refused again");
        }
        JsonNode staging = service.awaitEnvironment(plan, EnvironmentName.of("staging"), e -> true, SOON);
        assertEquals("failed", staging.path("state").asText(), staging.toString());
        assertEquals(true, staging.path("reason").asText().contains("healthCheck '" + healthCheck + "' is refused"), staging.toString());

        assertEquals(List.of(), secretServerSaw, "the other host received no request");
        assertEquals(0, marathon.requests().stream().filter(r -> r.path().contains(plan.value())).count(),
                "nothing was started for a descriptor that is refused");
    }

    private static ImageBuilt imageBuilt(PlanName plan, String healthCheck) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, "1")
                .withDigest(Digest.of("sha256:" + "4c".repeat(32)));
        BuildDescriptor descriptor = new BuildDescriptor("web", "1.0.0", Map.of(), new Resources(0.1, 16, 0, 1),
                8080, healthCheck, null, null, List.of(), null, null, "dependency.json");
        return TestEvents.imageBuilt(plan, 1, image, descriptor);
    }
}
