package dev.slipway.webhook.delivery;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code slipway.webhook.providers.<github|bitbucket|gitlab>.*}.
 *
 * @param secret        the default secret (GitLab: token) of the provider's deliveries, for
 *                      repositories without their own
 * @param allowUnsigned INSECURE: accept deliveries for which no secret is configured without any proof
 */
@EachProperty("slipway.webhook.providers")
public record ProviderProperties(
        @Parameter String name,
        @Nullable String secret,
        @Bindable(defaultValue = "false") boolean allowUnsigned) {

    /** A record prints every component; this one must never print its secret. */
    @Override
    public String toString() {
        return "ProviderProperties[name=" + name + ", secret=" + (secret == null ? "none" : "***") + ", allowUnsigned=" + allowUnsigned + "]";
    }
}
