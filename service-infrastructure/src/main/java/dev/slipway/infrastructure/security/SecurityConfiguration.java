package dev.slipway.infrastructure.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * {@code slipway.security.*}; the defaults are in {@code slipway-service.yml}.
 *
 * @param tokensFile a file of tokens, one per line: {@code <name> <role> <sha256 of the token>}
 *                   ({@code #} starts a comment); {@code bin/slipway} keeps its admin token's hash
 *                   there. A file that does not exist holds no tokens.
 */
@ConfigurationProperties("slipway.security")
public record SecurityConfiguration(@Nullable Path tokensFile) {
}
