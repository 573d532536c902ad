package dev.slipway.webhook.provider;

import java.util.List;

/** What a provider's delivery means for Slipway, once read. */
public sealed interface ProviderEvent {

    /** The provider checks that it can reach us; nothing is built. */
    record Ping(String message) implements ProviderEvent {
    }

    /** A delivery that builds nothing, and why. */
    record Ignored(String reason) implements ProviderEvent {
    }

    /**
     * Branches with new commits; {@code ignored} says why other parts of the same delivery (a tag,
     * a deleted branch) build nothing.
     */
    record Changes(List<BranchChange> changes, List<String> ignored) implements ProviderEvent {
    }

    static ProviderEvent of(List<BranchChange> changes, List<String> ignored) {
        return changes.isEmpty() ? new Ignored(String.join("; ", ignored)) : new Changes(changes, ignored);
    }
}
