package dev.slipway.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;

import java.time.Duration;

/**
 * {@code slipway.webhook.*}: the service's own settings; their defaults are in {@code application.yml}.
 *
 * @param maxBodySize      the largest body accepted (GitHub caps its payloads at 25 MB); larger gets 413
 * @param redeliveryWindow how long a delivery id is remembered, so a redelivery writes no second event
 * @param retryAfter       what a 502/503 answer tells the sender to wait before trying again
 * @param lsRemoteTimeout  how long reading a remote repository's branches may take
 */
@ConfigurationProperties("slipway.webhook")
public record WebhookConfiguration(
        @ReadableBytes long maxBodySize,
        Duration redeliveryWindow,
        Duration retryAfter,
        Duration lsRemoteTimeout) {
}
