package dev.slipway.artifact.archive;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code slipway.artifact.archive.*}.
 *
 * @param maxBytes         a tree whose files (plus 512 bytes per entry) exceed this is refused: repositories are
 *                         hostile input, and Git compresses well enough to make a small push into a huge tree
 * @param compressionLevel the gzip level (1-9). It is part of what makes the bytes reproducible: changing it
 *                         changes every new archive's digest
 */
@ConfigurationProperties("slipway.artifact.archive")
public record ArchiveConfiguration(
        long maxBytes,
        int compressionLevel) {

    public ArchiveConfiguration {
        if (compressionLevel < 1 || compressionLevel > 9) {
            throw new IllegalArgumentException("slipway.artifact.archive.compression-level must be 1-9, was " + compressionLevel);
        }
    }
}
