package dev.slipway.webhook.trigger;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedeliveriesTest {
    private final MutableClock clock = new MutableClock();
    private final Redeliveries redeliveries = new Redeliveries(Duration.ofHours(1), clock);
    private final AtomicInteger published = new AtomicInteger();

    @Test
    void aRedeliveryWithinTheWindowIsADuplicateAndAfterItIsNew() {
        assertEquals("accepted", redeliveries.once("github:1", this::publish).status());
        clock.advance(Duration.ofMinutes(59));
        assertEquals("duplicate", redeliveries.once("github:1", this::publish).status());
        clock.advance(Duration.ofMinutes(2));
        assertEquals("accepted", redeliveries.once("github:1", this::publish).status());
        assertEquals(2, published.get());
    }

    @Test
    void aDeliveryThatFailedOrWasIgnoredIsNotRemembered() {
        assertThrows(IllegalStateException.class, () -> redeliveries.once("github:2", () -> {
            throw new IllegalStateException("broker down");
        }));
        assertEquals("ignored", redeliveries.once("github:2", () -> DeliveryAnswer.ignored("2", "no plan")).status());
        assertEquals("accepted", redeliveries.once("github:2", this::publish).status());
        assertEquals(0, redeliveries.once("github:3", () -> DeliveryAnswer.ignored("3", "no plan")).builds().size());
        assertEquals(1, redeliveries.remembered());
    }

    @Test
    void aRedeliveryDuringTheFirstAttemptWaitsAndTakesOverIfTheFirstFails() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch letFirstFail = new CountDownLatch(1);
        CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
            try {
                redeliveries.once("gitlab:4", () -> {
                    firstStarted.countDown();
                    waitFor(letFirstFail);
                    throw new IllegalStateException("broker down");
                });
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        CompletableFuture<DeliveryAnswer> second = CompletableFuture.supplyAsync(() -> redeliveries.once("gitlab:4", this::publish));
        // An absence takes a while to prove: for 200 ms, while the first attempt runs, the redelivery must stay waiting.
        await("the redelivery waits for the first attempt").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !second.isDone());

        letFirstFail.countDown();

        assertEquals("broker down", first.get(5, TimeUnit.SECONDS).getMessage());
        assertEquals("accepted", second.get(5, TimeUnit.SECONDS).status(), "not 'duplicate' of a delivery that wrote nothing");
        assertEquals(1, published.get());
    }

    @Test
    void aRedeliveryWhileTheFirstAwaitsTheBrokerIsAnsweredWhenTheFirstIsAcknowledged() {
        CompletableFuture<DeliveryAnswer> acknowledged = new CompletableFuture<>();
        CompletableFuture<DeliveryAnswer> first = redeliveries.onceAsync("github:5", () -> acknowledged);
        CompletableFuture<DeliveryAnswer> second = redeliveries.onceAsync("github:5", this::publishAsync);

        assertFalse(first.isDone(), "answered before the broker acknowledged");
        assertFalse(second.isDone(), "the redelivery is answered before the first attempt's outcome is known");

        acknowledged.complete(DeliveryAnswer.accepted("5", List.of(), List.of()));

        assertEquals("accepted", first.join().status());
        assertEquals("duplicate", second.join().status());
        assertEquals(0, published.get(), "the redelivery published again");
    }

    @Test
    void aRedeliveryTakesOverWhenTheBrokerRefusedTheFirstAttempt() throws Exception {
        CompletableFuture<DeliveryAnswer> refused = new CompletableFuture<>();
        CompletableFuture<DeliveryAnswer> first = redeliveries.onceAsync("bitbucket:6", () -> refused);
        CompletableFuture<DeliveryAnswer> second = redeliveries.onceAsync("bitbucket:6", this::publishAsync);

        refused.completeExceptionally(new IllegalStateException("broker down"));

        ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(5, TimeUnit.SECONDS));
        assertEquals("broker down", failed.getCause().getMessage());
        assertEquals("accepted", second.get(5, TimeUnit.SECONDS).status(), "not 'duplicate' of a delivery that wrote nothing");
        assertEquals(1, published.get());
        assertEquals("duplicate", redeliveries.once("bitbucket:6", this::publish).status(), "the second attempt is remembered");
    }

    @Test
    void workThatFailsBeforeItsFutureIsAFailedAnswerAndNotRemembered() {
        CompletableFuture<DeliveryAnswer> failed = redeliveries.onceAsync("gitlab:7", () -> {
            throw new IllegalStateException("no metadata");
        });

        assertTrue(failed.isCompletedExceptionally());
        assertEquals("accepted", redeliveries.onceAsync("gitlab:7", this::publishAsync).join().status());
    }

    private CompletableFuture<DeliveryAnswer> publishAsync() {
        return CompletableFuture.completedFuture(publish());
    }

    private DeliveryAnswer publish() {
        published.incrementAndGet();
        return DeliveryAnswer.accepted("1", List.of(), List.of());
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
