package dev.slipway.infrastructure.retry;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
    static final class StepFailed extends Exception {
        final boolean passing;

        StepFailed(String message, boolean passing) {
            super(message);
            this.passing = passing;
        }
    }

    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(25));

    @Test
    void theWaitDoublesUpToItsCeiling() {
        RetryPolicy patient = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L),
                List.of(1, 2, 3, 4, 5, 6, 7).stream().map(n -> patient.delayAfter(n).toSeconds()).toList());
    }

    @Test
    void aPassingFailureIsTriedAgainUntilTheWorkSucceeds() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        List<String> heard = new ArrayList<>();

        String result = policy.retrying(StepFailed.class, f -> f.passing)
                .onRetry((what, attempt, attempts, delay, failure) -> heard.add(what + " " + attempt + "/" + attempts + " " + delay.toMillis()))
                .run("push", () -> {
                    if (tries.incrementAndGet() < 3) {
                        throw new StepFailed("registry down", true);
                    }
                    return "pushed";
                });

        assertEquals("pushed", result);
        assertEquals(List.of("push 1/4 10", "push 2/4 20"), heard);
    }

    @Test
    void aFailureThatWillNotPassEndsTheWorkAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        StepFailed permanent = new StepFailed("unknown instruction RUNN", false);

        StepFailed thrown = assertThrows(StepFailed.class, () -> policy.retrying(StepFailed.class, f -> f.passing)
                .run("build", () -> {
                    tries.incrementAndGet();
                    throw permanent;
                }));

        assertSame(permanent, thrown);
        assertEquals(1, tries.get());
    }

    @Test
    void afterTheLastAttemptTheGiveUpSaysHowLongItTried() {
        AtomicInteger tries = new AtomicInteger();
        AtomicReference<Duration> spent = new AtomicReference<>();

        StepFailed thrown = assertThrows(StepFailed.class, () -> policy.retrying(StepFailed.class, f -> f.passing)
                .onGiveUp((last, attempts, time) -> {
                    spent.set(time);
                    return new StepFailed(last.getMessage() + " (gave up after " + attempts + " attempts)", true);
                })
                .run("push", () -> {
                    tries.incrementAndGet();
                    throw new StepFailed("registry down", true);
                }));

        assertEquals(4, tries.get());
        assertEquals("registry down (gave up after 4 attempts)", thrown.getMessage());
        assertTrue(spent.get().toMillis() >= 10 + 20 + 25, "it waited between the attempts: " + spent.get());
    }

    @Test
    void anUnexpectedFailureIsNeitherRetriedNorWrapped() {
        AtomicInteger tries = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("a bug");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> policy.retrying(StepFailed.class, f -> true)
                .run("work", () -> {
                    tries.incrementAndGet();
                    throw bug;
                }));

        assertSame(bug, thrown);
        assertEquals(1, tries.get());
    }

    @Test
    void anInterruptedWaitStopsTheWork() throws Exception {
        RetryPolicy slow = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(30));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                slow.retrying(StepFailed.class, f -> true).run("fetch", () -> {
                    throw new StepFailed("host slow", true);
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        worker.start();
        Thread.sleep(200);
        worker.interrupt();
        worker.join(5_000);

        assertTrue(outcome.get() instanceof InterruptedException, "stopped by the interrupt: " + outcome.get());
    }

    @Test
    void aServiceReadsItsPolicyUnderItsOwnPrefix() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("slipway.image.retry.attempts", 3,
                "slipway.image.retry.initial-delay", "200ms", "slipway.image.retry.max-delay", "2s"))) {
            assertEquals(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2)),
                    RetryPolicy.from(context.getEnvironment(), "slipway.image.retry"));
        }
    }

    @Test
    void aMissingOrWrongSettingIsNamed() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("slipway.image.retry.attempts", "many",
                "slipway.image.retry.initial-delay", "200ms", "slipway.image.retry.max-delay", "2s",
                "slipway.deploy.retry.attempts", 0, "slipway.deploy.retry.initial-delay", "1s", "slipway.deploy.retry.max-delay", "2s"))) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> RetryPolicy.from(context.getEnvironment(), "slipway.image.retry"));
            assertTrue(e.getMessage().contains("slipway.image.retry.attempts"), e.getMessage());
            e = assertThrows(ConfigurationException.class, () -> RetryPolicy.from(context.getEnvironment(), "slipway.artifact.retry"));
            assertTrue(e.getMessage().contains("slipway.artifact.retry.attempts"), e.getMessage());
            e = assertThrows(ConfigurationException.class, () -> RetryPolicy.from(context.getEnvironment(), "slipway.deploy.retry"));
            assertTrue(e.getMessage().contains("slipway.deploy.retry") && e.getMessage().contains("at least 1"), e.getMessage());
        }
    }

    @Test
    void aPolicyThatCannotWorkIsRefusedWithTheSettingItBreaks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("attempts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("max-delay"), e.getMessage());
    }
}
