package dev.slipway.webhook.http;

import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.ServiceProcess;
import dev.slipway.testing.TestTokens;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of maximum-size unsigned deliveries against the service as {@code bin/slipway} runs it
 * (its own JVM, {@code -Xms64m -Xmx384m -XX:+UseSerialGC}) leaves it up and accepting the signed
 * deliveries that arrive meanwhile and after. A body can only be authenticated once it is read
 * whole, so the flood's bodies are the most expensive a body of that size can be to read:
 * millions of tiny JSON objects. Timings are the benchmark's business, not this test's.
 */
class UnsignedFloodTest {
    private static final List<String> PRODUCTION_HEAP = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");
    private static final int MAX_BODY = 25 * 1024 * 1024;
    private static final int CONCURRENT = 16;
    private static final int ROUNDS = 2;
    private static final int SIGNED_DURING_A_WAVE = 5;
    private static final String PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";

    @Test
    void aFloodOfMaximumSizeUnsignedDeliveriesLeavesTheServiceUpAndAcceptingSignedOnes(@TempDir Path directory) throws Exception {
        String secret = Samples.secret();
        PlanName plan = SampleEvents.uniquePlan("flood");
        int port = FreePorts.next();
        Map<String, Object> properties = new TreeMap<>(TestTokens.properties());
        properties.put("micronaut.application.name", "webhook-service-flood");
        properties.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        properties.put("slipway.webhook.providers.github.secret", secret);
        properties.put("slipway.webhook.history-directory", directory.resolve("history"));
        properties.put("slipway.plans." + plan + ".repository", "https://github.com/slipway-demo/shop.git");
        properties.put("slipway.plans." + plan + ".branches", "main");
        TopicReader.ensurePipelineTopics();
        // The service in a JVM of its own with the production heap, configured as RunningService would configure it.
        ServiceProcess service = ServiceProcess.ofClassPath("webhook-service", "dev.slipway.webhook.WebhookApplication",
                PRODUCTION_HEAP, port, properties, directory);
        try (service; TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {
            URI base = service.url("");
            service.awaitHealthy(Duration.ofSeconds(90));

            byte[] flood = floodBody();
            Map<String, Integer> outcomes = new TreeMap<>();
            List<CommitSha> signedCommits = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                CompletableFuture<List<String>> wave = CompletableFuture.supplyAsync(() -> floodOnce(base.resolve("/webhooks/github"), flood));
                // While the wave is being read, the Git host's signed deliveries still get through.
                for (int i = 0; i < SIGNED_DURING_A_WAVE; i++) {
                    Thread.sleep(300);
                    CommitSha commit = Samples.newCommit();
                    HttpAnswer signed = signed(base, secret, commit);
                    assertEquals(202, signed.status(), "a signed delivery during the flood: " + signed + "\n" + service.tail());
                    signedCommits.add(commit);
                }
                wave.join().forEach(outcome -> outcomes.merge(outcome, 1, Integer::sum));
            }
            System.out.printf("UnsignedFloodTest: %d unsigned deliveries of %d bytes, %d at a time: %s%n",
                    CONCURRENT * ROUNDS, flood.length, CONCURRENT, outcomes);

            assertTrue(service.isAlive(), "the service died under the flood:\n" + service.tail());
            // Refused as unsigned (401) or for want of room (503 + Retry-After): never accepted, never an error.
            assertTrue(Set.of("401", "503").containsAll(outcomes.keySet()), "the flood's answers: " + outcomes + "\n" + service.tail());
            assertFalse(service.log().contains("OutOfMemoryError"), "the heap ran out:\n" + service.tail());
            CommitSha after = Samples.newCommit();
            HttpAnswer signed = signed(base, secret, after);
            assertEquals(202, signed.status(), signed + "\n" + service.tail());
            signedCommits.add(after);
            assertEquals(signedCommits, topic.await(plan.value(), signedCommits.size(), Duration.ofSeconds(20)).stream()
                    .map(Samples::commitReceived).map(event -> event.commit()).toList());
            assertTrue(service.isAlive(), "the service died:\n" + service.tail());
        }
    }

    private static HttpAnswer signed(URI base, String secret, CommitSha commit) {
        byte[] push = Samples.withCommit("github/push.json", PUSH_HEAD, commit);
        return HttpAnswer.send(HttpRequest.newBuilder(base.resolve("/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", Samples.deliveryId()).header("X-Hub-Signature-256", Samples.signature(secret, push))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(push)));
    }

    /** What each delivery of one wave got: its status, or the failure of the connection. */
    private static List<String> floodOnce(URI uri, byte[] body) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", Samples.deliveryId()).header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> error == null ? Integer.toString(response.statusCode()) : error.getClass().getSimpleName()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** A GitHub push of the largest allowed size, padded with millions of empty objects. */
    private static byte[] floodBody() {
        String head = "{\"ref\":\"refs/heads/main\",\"after\":\"" + PUSH_HEAD + "\","
                + "\"repository\":{\"clone_url\":\"https://github.com/slipway-demo/shop.git\"},\"padding\":[";
        String tail = "{}]}";
        StringBuilder body = new StringBuilder(MAX_BODY).append(head);
        while (body.length() + 3 + tail.length() <= MAX_BODY - 1024) {
            body.append("{},");
        }
        return body.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }
}
