package dev.slipway.image.build;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code slipway.image.builds.*}: how many builds run at once, where they work and what they keep.
 *
 * @param concurrency      builds that run at the same time; the rest wait in order of arrival
 * @param storageDirectory each build's record, log and Dockerfile ({@code <plan>/<number>/})
 * @param workDirectory    scratch space for downloads and build contexts, emptied after each build
 * @param retryAttempts    tries of a step that fails for a transient reason (engine or registry down)
 * @param retryBackoff     the wait before the second try; it doubles for each further try
 * @param maxRetryBackoff  the longest wait between two tries
 * @param publishTimeout   how long emitting the result may wait for the broker, per try
 * @param planPattern      the plans this instance builds (a regular expression over the whole
 *                         name); others are skipped. Instances with their own consumer groups and
 *                         complementary patterns give groups of plans their own build engines.
 */
@ConfigurationProperties("slipway.image.builds")
public record BuildsConfiguration(
        @Bindable(defaultValue = "2") int concurrency,
        Path storageDirectory,
        Path workDirectory,
        @Bindable(defaultValue = "4") int retryAttempts,
        @Bindable(defaultValue = "2s") Duration retryBackoff,
        @Bindable(defaultValue = "30s") Duration maxRetryBackoff,
        @Bindable(defaultValue = "10s") Duration publishTimeout,
        @Bindable(defaultValue = ".*") String planPattern) {

    public BuildsConfiguration {
        if (concurrency < 1) {
            throw new IllegalArgumentException("slipway.image.builds.concurrency must be at least 1, was " + concurrency);
        }
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("slipway.image.builds.retry-attempts must be at least 1, was " + retryAttempts);
        }
    }
}
