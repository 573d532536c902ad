package dev.slipway.status.http;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code slipway.status.api.*} (defaults in {@code application.yml}).
 *
 * @param defaultPageSize        builds per page when {@code size} is not given (1 to {@value StatusController#MAX_PAGE_SIZE})
 * @param defaultDeadLetterLimit dead letters listed when {@code limit} is not given (1 to {@value DeadLettersController#MAX_LIMIT})
 */
@ConfigurationProperties("slipway.status.api")
public record ApiConfiguration(int defaultPageSize, int defaultDeadLetterLimit) {
}
