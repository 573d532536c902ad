package dev.slipway.image.imaging;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code slipway.image.builds.*}: how many builds run at once, where they work and which plans
 * they take. The defaults are in {@code application.yml}; where the records are kept
 * ({@code storage-directory}) is the build store's. How often a step is tried is
 * {@code slipway.image.retry.*} ({@link RetryPolicyFactory}).
 *
 * @param concurrency    builds that run at the same time; the rest wait in order of arrival
 * @param workDirectory  scratch space for downloads and build contexts, emptied after each build
 * @param planPattern    the plans this instance builds (a regular expression over the whole
 *                       name); others are skipped. Instances with their own consumer groups and
 *                       complementary patterns give groups of plans their own build engines.
 */
@ConfigurationProperties("slipway.image.builds")
public record BuildsConfiguration(
        int concurrency,
        Path workDirectory,
        String planPattern) {

    public BuildsConfiguration {
        if (concurrency < 1) {
            throw new IllegalArgumentException("slipway.image.builds.concurrency must be at least 1, was " + concurrency);
        }
    }
}
