package dev.slipway.deploy.rollout;

import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.ledger.Removal;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.targets.DeployTarget;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.Targets;
import dev.slipway.events.domain.BuildId;
import dev.slipway.infrastructure.retry.Retrier;
import dev.slipway.infrastructure.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Takes a stable environment (a preview) down from its target, forgets it in the ledger, and tells the pipeline
 * that the build it ran was removed. A removal the target does not take stays pending in the ledger and is done
 * again at the next start; so does one whose report the broker does not take.
 */
final class EnvironmentRemover {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentRemover.class);

    private final Targets targets;
    private final DeploymentLedger ledger;
    private final DeploymentReporter reporter;
    private final Retrier<TargetException> retry;

    EnvironmentRemover(Targets targets, DeploymentLedger ledger, DeploymentReporter reporter, RetryPolicy retryPolicy) {
        this.targets = targets;
        this.ledger = ledger;
        this.reporter = reporter;
        this.retry = retryPolicy.retrying(TargetException.class, TargetException::transientFailure);
    }

    void remove(Removal removal, Environment environment) throws InterruptedException {
        DeployTarget target = targets.get(environment.target());
        AppName app = AppName.stable(removal.plan(), removal.environment());
        // What it served, or else what was tried last: the build whose story ends here.
        Optional<Deployment> last = ledger.serving(removal.plan(), removal.environment())
                .or(() -> ledger.current(removal.plan(), removal.environment()));
        try {
            retry.run("remove " + app + " from " + target.name(), () -> target.remove(app));
        } catch (TargetException e) {
            LOG.warn("Could not remove {} from {}; trying again at the next start: {}", app, target.name(), e.getMessage());
            return;
        }
        LOG.info("Removed {} of {} from {}: {}", removal.environment(), removal.plan(), target.name(), removal.reason());
        boolean reported = last.isEmpty() || reporter.removed(removal.cause(), new BuildId(removal.plan(), last.get().build()),
                last.get().commit(), removal.environment(), target.type(),
                last.get().appId() != null ? last.get().appId() : app.slug(), removal.reason());
        if (reported) {
            ledger.removed(removal);
        }
    }
}
