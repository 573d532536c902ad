package dev.slipway.status.hoststatus;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * {@code slipway.status.host-status.*}: how commit statuses are sent (the defaults are in
 * {@code application.yml}).
 *
 * @param dashboardUrl   the dashboard's public base URL: each status links to the build's page under it
 * @param pollInterval   how often the outbox is looked at for statuses to send
 * @param firstRetry     the wait after a first failed attempt; it doubles with each further one
 * @param maxRetry       the longest wait between attempts
 * @param giveUpAfter    a status not sent within this time of its event is given up (and an event older
 *                       than this, read while the read model is rebuilt from the topics, is not reported)
 * @param requestTimeout how long one call to the host may take
 */
@ConfigurationProperties("slipway.status.host-status")
public record HostStatusConfiguration(URI dashboardUrl, Duration pollInterval, Duration firstRetry, Duration maxRetry,
                                      Duration giveUpAfter, Duration requestTimeout) {
}
