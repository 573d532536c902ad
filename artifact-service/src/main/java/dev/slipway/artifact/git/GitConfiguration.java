package dev.slipway.artifact.git;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code slipway.artifact.git.*}: where repositories are mirrored, which may be fetched at all, and
 * how patient a fetch is.
 *
 * @param mirrorRoot     the directory that holds one bare mirror per repository
 * @param allowed        the allow-list (see {@link RepositoryAllowList} for the forms of an entry);
 *                       a repository that matches no entry is never contacted
 * @param timeout        how long one fetch may wait on the network before it counts as a transient failure
 * @param attempts       how many times a fetch is tried in all when it fails transiently
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff     the longest wait between two attempts
 */
@ConfigurationProperties("slipway.artifact.git")
public record GitConfiguration(
        @Bindable(defaultValue = "slipway-data/mirrors") Path mirrorRoot,
        List<String> allowed,
        @Bindable(defaultValue = "60s") Duration timeout,
        @Bindable(defaultValue = "4") int attempts,
        @Bindable(defaultValue = "1s") Duration initialBackoff,
        @Bindable(defaultValue = "30s") Duration maxBackoff) {

    public GitConfiguration {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        if (attempts < 1) {
            throw new IllegalArgumentException("slipway.artifact.git.attempts must be 1 or more, was " + attempts);
        }
    }
}
