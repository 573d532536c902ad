package dev.slipway.infrastructure.kafka;

/**
 * The bounded retries of every pipeline listener, for its {@code @ErrorStrategy}
 * ({@code retryCountValue = ListenerRetry.ATTEMPTS, retryDelay = ListenerRetry.DELAY}); once they
 * are spent, the listener hands the record to {@link PoisonRecords}. Annotations need constants,
 * so the property names live here, once.
 */
public final class ListenerRetry {
    /** {@code slipway.events.listener-retry.attempts}: tries after the first failure. */
    public static final String ATTEMPTS = "${slipway.events.listener-retry.attempts}";
    /** {@code slipway.events.listener-retry.delay}: the first wait; it doubles after each try. */
    public static final String DELAY = "${slipway.events.listener-retry.delay}";

    private ListenerRetry() {
    }
}
