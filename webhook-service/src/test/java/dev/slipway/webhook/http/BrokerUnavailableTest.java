package dev.slipway.webhook;

import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.events.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no broker to take the event, a delivery is answered 503 with Retry-After, never 202: the
 * provider keeps it and tries again, and the retry is not mistaken for a duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerUnavailableTest {
    private final String secret = Samples.secret();
    private final PlanName plan = SampleEvents.uniquePlan("no-broker");
    private WebhookServer service;

    @BeforeAll
    void start() {
        service = WebhookServer.start(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                "slipway.events.publish-timeout", "1s",
                "slipway.events.create-topics", false,
                "slipway.webhook.retry-after", "45s",
                "slipway.webhook.providers.github.secret", secret,
                "slipway.plans." + plan + ".repository", "https://github.com/slipway-demo/shop.git",
                "slipway.plans." + plan + ".branches", List.of("main")));
    }

    @AfterAll
    void stop() {
        service.close();
    }

    @Test
    void aDeliveryIsAnswered503WithRetryAfterAndItsRetryIsNotADuplicate() {
        byte[] push = Samples.body("github/push.json");
        String delivery = Samples.deliveryId();
        try (TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {

            WebhookServer.Answer first = deliver(push, delivery);
            WebhookServer.Answer retry = deliver(push, delivery);

            for (WebhookServer.Answer answer : List.of(first, retry)) {
                assertEquals(503, answer.status(), answer.body());
                assertEquals("45", answer.headers().firstValue("Retry-After").orElse(null));
                assertTrue(answer.message().contains("the event could not be written, nothing was queued"), answer.message());
            }
            assertTrue(topic.drain(plan.value(), Duration.ofMillis(1500)).isEmpty());
        }
    }

    @Test
    void aManualBuildIsAnswered503Too() {
        byte[] request = ("{\"plan\": \"" + plan + "\", \"commit\": \"" + SampleEvents.COMMIT + "\"}").getBytes(StandardCharsets.UTF_8);

        WebhookServer.Answer answer = service.post("/builds", request, "Content-Type", "application/json");

        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void aPingNeedsNoBrokerAndIsStillAnswered() {
        byte[] ping = Samples.body("github/ping.json");

        WebhookServer.Answer answer = service.post("/webhooks/github", ping, "Content-Type", "application/json",
                "X-GitHub-Event", "ping", "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, ping));

        assertEquals(200, answer.status(), answer.body());
    }

    private WebhookServer.Answer deliver(byte[] body, String delivery) {
        return service.post("/webhooks/github", body, "Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", Samples.signature(secret, body));
    }

    /** A port nothing listens on: it was free a moment ago and is closed again. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
