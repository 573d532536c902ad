package dev.slipway.webhook.plan;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code slipway.webhook.repositories.<name>.*}: what the service knows about one repository
 * beyond its plans.
 *
 * @param name      the operator's name for it; automatic plans are called {@code <name>-<branch>}
 * @param url       the clone URL
 * @param secret    the webhook secret (or GitLab token) its deliveries are signed with; overrides
 *                  the provider's default secret
 * @param autoPlans a delivery for a branch no plan covers builds it as plan {@code <name>-<branch>};
 *                  absent is no
 */
@EachProperty("slipway.webhook.repositories")
public record RepositoryProperties(
        @Parameter String name,
        @Nullable String url,
        @Nullable String secret,
        @Nullable Boolean autoPlans) {

    /** A record prints every component; this one must never print its secret. */
    @Override
    public String toString() {
        return "RepositoryProperties[name=" + name + ", url=" + url + ", secret=" + (secret == null ? "none" : "***")
                + ", autoPlans=" + autoPlans + "]";
    }
}
