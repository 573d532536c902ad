package dev.slipway.artifact.descriptor;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code slipway.artifact.descriptor.*}: limits on descriptor files, which come from repositories
 * that anyone may have written.
 *
 * @param maxBytes     a larger {@code dependency.json} or {@code spec.json} is refused before it is read
 * @param maxVariables a {@code dependency.json} that yields more environment variables is refused
 */
@ConfigurationProperties("slipway.artifact.descriptor")
public record DescriptorConfiguration(
        int maxBytes,
        int maxVariables) {
}
