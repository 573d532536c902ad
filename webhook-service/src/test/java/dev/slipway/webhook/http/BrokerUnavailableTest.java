package dev.slipway.webhook.http;

import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.GitRepository;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no broker to take the event, a delivery is answered 503 with Retry-After, never 202: the
 * provider keeps it and tries again, and the retry is not mistaken for a duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerUnavailableTest {
    private static final String PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";
    private final String secret = Samples.secret();
    private final PlanName plan = SampleEvents.uniquePlan("no-broker");
    private RunningService service;
    private GitRepository repository;
    private CommitSha head;

    @BeforeAll
    void start(@TempDir Path directory) {
        // A manual build reads the branch head first: a repository of the test's, so only the broker is missing.
        repository = GitRepository.create(directory, "main");
        head = repository.commit("Kasse: erste Fassung");
        service = RunningService.of("webhook-service").properties(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:" + FreePorts.next(), // free a moment ago: no broker there
                "slipway.events.publish-timeout", "2s",
                "slipway.events.create-topics", false,
                "slipway.webhook.retry-after", "45s",
                "slipway.webhook.providers.github.secret", secret,
                "slipway.plans." + plan + ".repository", "https://github.com/slipway-demo/shop.git",
                "slipway.plans." + plan + ".ls-remote-url", repository.url(),
                "slipway.plans." + plan + ".branches", List.of("main"))).start();
    }

    @AfterAll
    void stop() {
        service.close();
        repository.close();
    }

    @Test
    void aDeliveryIsAnswered503WithRetryAfterAndItsRetryIsNotADuplicate() {
        byte[] push = Samples.body("github/push.json");
        String delivery = Samples.deliveryId();
        try (TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {

            HttpAnswer first = deliver(push, delivery);
            HttpAnswer retry = deliver(push, delivery);

            for (HttpAnswer answer : List.of(first, retry)) {
                assertEquals(503, answer.status(), answer.body());
                assertEquals("45", answer.headers().firstValue("Retry-After").orElse(null));
                assertTrue(answer.message().contains("the event could not be written, nothing was queued"), answer.message());
            }
            assertTrue(topic.drain(plan.value(), Duration.ofMillis(1500)).isEmpty());
        }
    }

    @Test
    void whileDeliveriesWaitForTheBrokerOtherRequestsAreStillAnswered() {
        // Each of these waits for the absent broker (the publish timeout) on a worker thread. Were it
        // to wait on the event loop that read it, that loop's other connections would wait with it:
        // the ping below would be answered only after a delivery's 503.
        BodiesInFlight bodies = service.bean(BodiesInFlight.class);
        List<byte[]> pushes = IntStream.range(0, 8).mapToObj(i -> Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit())).toList();
        ExecutorService senders = Executors.newFixedThreadPool(pushes.size());
        try {
            List<CompletableFuture<HttpAnswer>> waiting = pushes.stream()
                    .map(push -> CompletableFuture.supplyAsync(() -> deliver(push, Samples.deliveryId()), senders)).toList();
            long all = pushes.stream().mapToLong(push -> push.length).sum();
            await("all deliveries admitted").atMost(Duration.ofSeconds(30)).until(() -> bodies.held() >= all || waiting.stream().anyMatch(CompletableFuture::isDone));
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "a delivery was answered before the others were even read: they waited behind it on an event loop");

            byte[] ping = Samples.body("github/ping.json");
            HttpAnswer pong = service.post("/webhooks/github", ping, "Content-Type", "application/json", "X-GitHub-Event", "ping",
                    "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, ping));

            assertEquals(200, pong.status(), pong.body());
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the ping waited for a delivery that waited for the broker");
            for (CompletableFuture<HttpAnswer> delivery : waiting) {
                assertEquals(503, delivery.join().status());
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void aManualBuildIsAnswered503Too() {
        String request = "{\"plan\": \"" + plan + "\", \"commit\": \"" + head + "\"}";

        HttpAnswer answer = service.postJson("/builds", request);

        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void aPingNeedsNoBrokerAndIsStillAnswered() {
        byte[] ping = Samples.body("github/ping.json");

        HttpAnswer answer = service.post("/webhooks/github", ping, "Content-Type", "application/json",
                "X-GitHub-Event", "ping", "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, ping));

        assertEquals(200, answer.status(), answer.body());
    }

    private HttpAnswer deliver(byte[] body, String delivery) {
        return service.post("/webhooks/github", body, "Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", Samples.signature(secret, body));
    }
}
