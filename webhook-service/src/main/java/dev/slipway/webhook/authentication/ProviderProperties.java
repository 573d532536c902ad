package dev.slipway.webhook.authentication;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code slipway.webhook.providers.<github|bitbucket|gitlab>.*}.
 *
 * @param secret        the default secret (GitLab: token) of the provider's deliveries, for
 *                      repositories without their own
 * @param allowUnsigned INSECURE: accept deliveries for which no secret is configured without any proof;
 *                      only {@code true} does (application.yml says false for each provider)
 */
@EachProperty("slipway.webhook.providers")
public record ProviderProperties(
        @Parameter String name,
        @Nullable String secret,
        @Nullable Boolean allowUnsigned) {

    /** A record prints every component; this one must never print its secret. */
    @Override
    public String toString() {
        return "ProviderProperties[name=" + name + ", secret=" + (secret == null ? "none" : "***") + ", allowUnsigned=" + allowUnsigned + "]";
    }
}
