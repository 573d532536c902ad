package dev.slipway.artifact.store;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code slipway.artifact.store.*}.
 *
 * @param root the directory of the filesystem store: archives, build metadata and build numbers
 */
@ConfigurationProperties("slipway.artifact.store")
public record StoreConfiguration(Path root) {
}
