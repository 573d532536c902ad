package dev.slipway.deploy.ledger;

import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;

/**
 * An environment of a plan to take down, with every app in it: a preview whose pull request closed, or one removed
 * to make room for a newer preview.
 *
 * @param cause  the event that asked for it (the {@code PullRequestClosed}, or the request of the newer preview); the
 *               removal's report derives its id from it, so a removal done again reports under the same id
 * @param reason what the people following the build read
 */
public record Removal(PlanName plan, EnvironmentName environment, EventId cause, String reason) {
}
