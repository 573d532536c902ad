package dev.slipway.status.listener;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code slipway.status.consumer.*} (defaults in {@code application.yml}); the group is
 * {@code slipway.status.consumer-group}, from the shared registry of consumer groups.
 *
 * @param pollTimeout how long one poll waits for records
 * @param retryDelay  how long the loop waits before reading a record again that could not be stored
 */
@ConfigurationProperties("slipway.status.consumer")
public record ConsumerConfiguration(Duration pollTimeout, Duration retryDelay) {
}
