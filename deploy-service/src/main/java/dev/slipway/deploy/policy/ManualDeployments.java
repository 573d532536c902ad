package dev.slipway.deploy.policy;

import dev.slipway.deploy.builds.BuildCatalog;
import dev.slipway.deploy.builds.BuildNotFoundException;
import dev.slipway.deploy.builds.BuildRecord;
import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.events.EventsConfiguration;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A person asks for a build in an environment: a rollback when the build is older than the one
 * the environment has, a promotion otherwise. Only a rollback may replace a newer build.
 */
@Singleton
public class ManualDeployments {
    private final BuildCatalog catalog;
    private final Environments environments;
    private final DeploymentLedger ledger;
    private final EventPublisher publisher;
    private final EventsConfiguration events;

    public ManualDeployments(BuildCatalog catalog, Environments environments, DeploymentLedger ledger,
                             EventPublisher publisher, EventsConfiguration events) {
        this.catalog = catalog;
        this.environments = environments;
        this.ledger = ledger;
        this.publisher = publisher;
        this.events = events;
    }

    /**
     * @throws dev.slipway.deploy.environment.EnvironmentNotConfiguredException for an unknown environment, or one that does not take the plan
     * @throws BuildNotFoundException when no image of that build was ever seen
     * @throws dev.slipway.events.kafka.EventNotPublishedException when the broker does not take the request
     */
    public DeployRequested request(PlanName plan, BuildNumber number, EnvironmentName environmentName) {
        Environment environment = environments.require(environmentName, plan);
        BuildRecord build = catalog.find(plan, number).orElseThrow(() -> new BuildNotFoundException(
                "build " + new BuildId(plan, number) + " has no image: no ImageBuilt for it has reached the deploy service"));
        Optional<Deployment> current = ledger.current(plan, environment.name());
        DeployReason reason = current.isPresent() && number.compareTo(current.get().build()) < 0
                ? DeployReason.ROLLBACK : DeployReason.PROMOTION;
        DeployRequested request = new DeployRequested(EventId.random(), build.imageBuiltId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), build.build(), build.commit(), build.image(),
                build.descriptor(), environment.name(), reason);
        publisher.publishAndWait(request, events.publishTimeout());
        return request;
    }
}
