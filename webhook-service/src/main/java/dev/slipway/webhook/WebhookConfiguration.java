package dev.slipway.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code slipway.webhook.*}: the service's own settings; their defaults are in {@code application.yml}.
 *
 * @param maxBodySize      the largest body accepted (GitHub caps its payloads at 25 MB); larger gets 413
 * @param bodiesInFlight   how many bytes of webhook bodies the service holds at once: a body cannot be
 *                         authenticated before it is read whole, so this bounds what unsigned deliveries
 *                         can make it hold; a delivery over the budget is answered 503 with Retry-After
 * @param redeliveryWindow how long a delivery id, and a plan's queued commit, are remembered, so that
 *                         a redelivery or the same commit reported again writes no second event
 * @param retryAfter       what a 502/503 answer tells the sender to wait before trying again
 * @param lsRemoteTimeout  how long reading a remote repository's branches may take
 * @param historyDirectory where each plan's branch history is kept, to check that a commit asked for
 *                         by {@code POST /builds} is on the branch
 * @param fetchTimeout     how long fetching a branch's history may take
 */
@ConfigurationProperties("slipway.webhook")
public record WebhookConfiguration(
        @ReadableBytes long maxBodySize,
        @ReadableBytes long bodiesInFlight,
        Duration redeliveryWindow,
        Duration retryAfter,
        Duration lsRemoteTimeout,
        Path historyDirectory,
        Duration fetchTimeout) {
}
