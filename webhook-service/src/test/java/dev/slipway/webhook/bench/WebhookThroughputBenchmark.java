package dev.slipway.webhook.bench;

import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many signed GitHub push deliveries one instance acknowledges per second: each answer a 202
 * given only after the broker acknowledged its CommitReceived ({@code acks=all}). Loopback only,
 * a bounded number of deliveries and a bounded time; it prints its figures and asserts none.
 *
 * <p>Run with {@code ./mvnw -B -pl webhook-service test -Dtest=WebhookThroughputBenchmark}.
 */
class WebhookThroughputBenchmark {
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 500);
    private static final int DELIVERIES = Integer.getInteger("bench.deliveries", 4000);
    private static final Duration TIME_LIMIT = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    private static final String PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";

    @Test
    void signedGithubPushDeliveriesAcknowledgedPerSecond() throws Exception {
        String secret = Samples.secret();
        PlanName plan = SampleEvents.uniquePlan("bench");
        int size = Samples.body("github/push.json").length;
        try (RunningService service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.github.secret", secret,
                "slipway.plans." + plan + ".repository", "https://github.com/slipway-demo/shop.git",
                "slipway.plans." + plan + ".branches", List.of("main"))).start();
             TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = service.uri("/webhooks/github");

            Run warmUp = run(http, uri, secret, WARM_UP, TIME_LIMIT);
            Run measured = run(http, uri, secret, DELIVERIES, TIME_LIMIT);
            int written = topic.await(plan.value(), warmUp.accepted() + measured.accepted(), Duration.ofSeconds(60)).size();

            System.out.printf("%nWebhookThroughputBenchmark: %d signed GitHub push deliveries (%d bytes each), %d concurrent, loopback%n",
                    measured.sent(), size, CONCURRENCY);
            System.out.printf("  acknowledged (202 after the broker's ack): %d in %.2f s = %.0f deliveries/s%n",
                    measured.accepted(), measured.seconds(), measured.accepted() / measured.seconds());
            System.out.printf("  time to acknowledge: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    measured.percentile(0.50), measured.percentile(0.95), measured.percentile(0.99), measured.percentile(1.0));
            System.out.printf("  other answers: %s; CommitReceived on %s for the plan: %d (warm-up included)%n%n",
                    measured.others(), Topics.COMMIT_RECEIVED, written);
        }
    }

    private static Run run(HttpClient http, URI uri, String secret, int count, Duration limit) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        AtomicInteger accepted = new AtomicInteger();
        Map<Integer, AtomicInteger> others = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(count));
        long deadline = System.nanoTime() + limit.toNanos();
        long started = System.nanoTime();
        int sent = 0;
        while (sent < count && System.nanoTime() < deadline) {
            inFlight.acquire();
            // Each delivery a push of a commit of its own: a plan builds a commit once, and a
            // replayed body would measure the duplicate answer instead of a published event.
            byte[] body = Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit());
            String signature = Samples.signature(secret, body);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", Samples.deliveryId())
                    .header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long sentAt = System.nanoTime();
            CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            answer.whenComplete((response, error) -> {
                latencies.add((System.nanoTime() - sentAt) / 1e6);
                int status = error != null ? -1 : response.statusCode();
                if (status == 202) {
                    accepted.incrementAndGet();
                } else {
                    others.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                inFlight.release();
            });
            sent++;
        }
        inFlight.tryAcquire(CONCURRENCY, 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Run(sent, accepted.get(), others, seconds, sorted);
    }

    private record Run(int sent, int accepted, Map<Integer, AtomicInteger> others, double seconds, List<Double> latencies) {
        double percentile(double p) {
            return latencies.isEmpty() ? 0 : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(p * latencies.size()) - 1));
        }
    }
}
