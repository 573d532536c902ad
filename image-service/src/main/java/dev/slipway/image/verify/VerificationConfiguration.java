package dev.slipway.image.verify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code slipway.image.verification.*}: the tests a descriptor declares, run against a new image
 * before it is pushed.
 *
 * @param testTimeout       the longest the descriptor's {@code testCommand} may run
 * @param acceptanceTimeout how long the started image has to answer the acceptance check with the expected status
 * @param outputTailLines   how many of the last output lines a failure's reason carries
 */
@ConfigurationProperties("slipway.image.verification")
public record VerificationConfiguration(
        @Bindable(defaultValue = "10m") Duration testTimeout,
        @Bindable(defaultValue = "60s") Duration acceptanceTimeout,
        @Bindable(defaultValue = "40") int outputTailLines) {
}
