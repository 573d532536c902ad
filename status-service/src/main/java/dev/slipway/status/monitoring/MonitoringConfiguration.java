package dev.slipway.status.monitoring;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code slipway.status.monitoring.*} (defaults in {@code application.yml}).
 *
 * @param interval       how often the broker's offsets and the groups' commits are sampled
 * @param history        how long samples are kept (in memory) for {@code GET /monitoring/history}
 * @param rateWindow     the window of the per-minute rates
 * @param durationWindow the window of the stage durations' percentiles
 * @param lookupTimeout  how long a look-up of a record's timestamp on the broker may take
 */
@ConfigurationProperties("slipway.status.monitoring")
public record MonitoringConfiguration(Duration interval, Duration history, Duration rateWindow, Duration durationWindow,
                                      Duration lookupTimeout) {
}
