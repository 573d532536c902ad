package dev.slipway.infrastructure.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code slipway.security.tokens.<name>.role} and {@code .sha256}: a token given in configuration
 * (the tokens file of {@link SecurityConfiguration#tokensFile()} is the other way).
 */
@EachProperty("slipway.security.tokens")
public record ConfiguredTokenProperties(@Parameter String name, @Nullable String role, @Nullable String sha256) {
}
