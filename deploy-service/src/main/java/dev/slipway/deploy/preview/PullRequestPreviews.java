package dev.slipway.deploy.preview;

import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.ledger.Removal;
import dev.slipway.deploy.rollout.Deployer;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PullRequest;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull request that closes takes its preview down. Its closing time is recorded first, so that a preview of an
 * older head that is still being built is not deployed afterwards (see {@code DeployPolicy}); a reopened pull
 * request's newer head is.
 */
@Singleton
public class PullRequestPreviews {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestPreviews.class);

    private final Environments environments;
    private final DeploymentLedger ledger;
    private final Deployer deployer;

    public PullRequestPreviews(Environments environments, DeploymentLedger ledger, Deployer deployer) {
        this.environments = environments;
        this.ledger = ledger;
        this.deployer = deployer;
    }

    public void closed(PullRequestClosed event) {
        EnvironmentName environment = PullRequest.environmentOf(event.number());
        if (environments.previewsFor(event.plan()).isEmpty()) {
            LOG.info("Pull request #{} of {} {}; no preview environment takes the plan, so there is nothing to remove",
                    event.number(), event.plan(), event.outcome().json());
            return;
        }
        Removal removal = new Removal(event.plan(), environment, event.eventId(),
                "pull request #" + event.number() + " was " + event.outcome().json() + "; its preview " + environment + " was removed");
        if (!ledger.close(event.plan(), event.eventId(), removal, event.time())) {
            LOG.info("Ignoring {} for pull request #{} of {}: it was handled before", event.eventId(), event.number(), event.plan());
            return;
        }
        deployer.remove(removal);
    }
}
