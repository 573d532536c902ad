package dev.slipway.image.verify;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code slipway.image.verification.*}: the tests a descriptor declares, run against a new image
 * before it is pushed. The defaults are in {@code application.yml}.
 *
 * @param testTimeout       the longest the descriptor's {@code testCommand} may run
 * @param acceptanceTimeout how long the started image has to answer the acceptance check with the expected status
 * @param outputTailLines   how many of the last output lines a failure's reason carries
 */
@ConfigurationProperties("slipway.image.verification")
public record VerificationConfiguration(
        Duration testTimeout,
        Duration acceptanceTimeout,
        int outputTailLines) {
}
