package dev.slipway.webhook.plan;

import dev.slipway.events.domain.RepositoryUrl;

import java.util.Optional;

/** A repository from {@code slipway.webhook.repositories}: its own secret, and whether it gets automatic plans. */
public record KnownRepository(String name, RepositoryUrl url, RepositoryIdentity identity, WebhookSecret secret, boolean autoPlans) {

    public Optional<WebhookSecret> ownSecret() {
        return Optional.ofNullable(secret);
    }
}
