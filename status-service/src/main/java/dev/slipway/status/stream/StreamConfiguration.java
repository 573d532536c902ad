package dev.slipway.status.stream;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code slipway.status.stream.*} (defaults in {@code application.yml}).
 *
 * @param heartbeat how often an idle stream sends a comment, so proxies and clients keep it open
 */
@ConfigurationProperties("slipway.status.stream")
public record StreamConfiguration(Duration heartbeat) {
}
