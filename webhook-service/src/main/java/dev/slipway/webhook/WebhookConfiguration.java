package dev.slipway.webhook.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

import java.time.Duration;

/**
 * {@code slipway.webhook.*}.
 *
 * @param maxBodySize      the largest body accepted (GitHub caps its payloads at 25 MB); larger gets 413
 * @param redeliveryWindow how long a delivery id is remembered, so a redelivery writes no second event
 * @param retryAfter       what a 502/503 answer tells the sender to wait before trying again
 */
@ConfigurationProperties("slipway.webhook")
public record WebhookConfiguration(
        @Bindable(defaultValue = "25MB") @ReadableBytes long maxBodySize,
        @Bindable(defaultValue = "72h") Duration redeliveryWindow,
        @Bindable(defaultValue = "30s") Duration retryAfter) {
}
