package dev.slipway.status.dashboard;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code slipway.status.dashboard.*} (defaults in {@code application.yml}).
 *
 * @param secureCookie   the session cookie carries {@code Secure} (browsers keep such cookies on https and on
 *                       http://127.0.0.1 and http://localhost)
 * @param sessionTimeout a session unused for this long is over
 * @param buildsPerPage  builds per page of a plan's page
 * @param logRefresh     how often a build page fetches the log again while the image is being built
 * @param logTailBytes   at most this many bytes of a build log are shown (its end)
 * @param callTimeout    how long a call to another service (an action, a log) may take
 */
@ConfigurationProperties("slipway.status.dashboard")
public record DashboardConfiguration(boolean secureCookie, Duration sessionTimeout, int buildsPerPage, Duration logRefresh,
                                     int logTailBytes, Duration callTimeout) {
}
