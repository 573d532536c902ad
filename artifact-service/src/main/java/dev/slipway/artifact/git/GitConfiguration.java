package dev.slipway.artifact.git;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code slipway.artifact.git.*}: where repositories are mirrored, which may be fetched at all, and
 * how patient one fetch is (how often a failed fetch is tried again is {@code slipway.artifact.retry.*}).
 *
 * @param mirrorRoot     the directory that holds one bare mirror per repository
 * @param allowed        the allow-list (see {@link RepositoryAllowList} for the forms of an entry);
 *                       a repository that matches no entry is never contacted
 * @param timeout        how long one fetch may wait on the network before it counts as a transient failure
 */
@ConfigurationProperties("slipway.artifact.git")
public record GitConfiguration(
        Path mirrorRoot,
        List<String> allowed,
        Duration timeout) {

    public GitConfiguration {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }
}
