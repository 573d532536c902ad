package dev.slipway.deploy.policy;

import dev.slipway.deploy.builds.BuildCatalog;
import dev.slipway.deploy.builds.BuildRecord;
import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Decides where a freshly built image goes: one {@code DeployRequested} for each environment
 * that deploys automatically and takes the plan. A pull request's build goes only to its preview,
 * {@code pr-<number>}, never to the plan's own environments. The build's image is remembered first,
 * so that it can be deployed again by hand later.
 */
@Singleton
public class DeployPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(DeployPolicy.class);

    private final BuildCatalog catalog;
    private final Environments environments;
    private final EventPublisher publisher;
    private final EventsConfiguration events;
    private final DeploymentLedger ledger;

    public DeployPolicy(BuildCatalog catalog, Environments environments, EventPublisher publisher, EventsConfiguration events,
                        DeploymentLedger ledger) {
        this.catalog = catalog;
        this.environments = environments;
        this.publisher = publisher;
        this.events = events;
        this.ledger = ledger;
    }

    /**
     * Request ids are derived from the {@code ImageBuilt} id and the environment, so if this
     * fails halfway and the event is delivered again, the requests already sent are sent again
     * under the same ids, and the deployer ignores them.
     *
     * @throws dev.slipway.events.kafka.EventNotPublishedException when the broker does not take a
     *         request; the listener fails, so that the event is delivered again
     */
    public List<DeployRequested> onImageBuilt(ImageBuilt event) {
        BuildRecord build;
        try {
            build = catalog.remember(event);
        } catch (UnreadableStateFileException e) {
            notDeployable(event, e);
            return List.of();
        }
        if (build.requestsIssued()) {
            LOG.info("Ignoring {} for {}: its deploy requests were issued before", event.eventId(), event.build());
            return List.of();
        }
        List<DeployRequested> requests = event.pullRequest() == null
                ? environments.automaticFor(event.plan()).stream().map(environment -> request(event, environment.name())).toList()
                : preview(event, event.pullRequest());
        for (DeployRequested request : requests) {
            publisher.publishAndWait(request, events.publishTimeout());
            LOG.info("Requested {} in {}", request.build(), request.environment());
        }
        catalog.markRequestsIssued(build);
        return requests;
    }

    /**
     * A pull request's build goes to its own environment, {@code pr-<number>}, if a preview environment takes the plan
     * and deploys automatically, and if the pull request has not closed since its head was received. The answers that
     * are not a request are published here, so the build's story says why it was not deployed.
     */
    private List<DeployRequested> preview(ImageBuilt event, PullRequest pullRequest) {
        EnvironmentName environment = pullRequest.environment();
        Optional<Environment> template = environments.previewsFor(event.plan());
        if (template.isEmpty()) {
            publisher.publishAndWait(new StageFailed(EventId.derived(event.eventId() + "/deploy-failed"), event.eventId(), now(),
                    event.plan(), event.build(), event.commit(), Stage.DEPLOY, "build " + event.build()
                    + " previews pull request #" + pullRequest.number() + ", and no environment of kind preview takes plan '"
                    + event.plan() + "'; configure one (slipway.deploy.environments.<name>.kind: preview) to deploy previews",
                    false), events.publishTimeout());
            return List.of();
        }
        if (!template.get().autoDeploy()) {
            LOG.info("Not deploying {} to {}: preview environment {} does not deploy automatically", event.build(), environment,
                    template.get().name());
            return List.of();
        }
        Optional<Instant> closedAt = ledger.closedAt(event.plan(), environment);
        if (closedAt.isPresent() && pullRequest.requestedAt() != null && !pullRequest.requestedAt().isAfter(closedAt.get())) {
            String reason = "build " + event.build() + " was not deployed to " + environment + ": pull request #"
                    + pullRequest.number() + " was closed at " + closedAt.get() + ", after this head was received";
            LOG.info(reason);
            publisher.publishAndWait(new DeploymentFinished(EventId.derived(event.eventId() + "/" + environment), event.eventId(),
                    now(), event.build(), event.commit(), environment, null, null, DeploymentState.SUPERSEDED, null, reason),
                    events.publishTimeout());
            return List.of();
        }
        return List.of(request(event, environment));
    }

    /**
     * The plan's build catalog is damaged. Delivering the event again would not repair it, so the
     * build ends in a {@code StageFailed} that names the file; retryable, since the same build can
     * be deployed once the file is restored or moved aside.
     */
    private void notDeployable(ImageBuilt event, UnreadableStateFileException e) {
        LOG.error("Not deploying {}: {}", event.build(), e.getMessage());
        publisher.publishAndWait(new StageFailed(EventId.derived(event.eventId() + "/deploy-failed"), event.eventId(),
                now(), event.plan(), event.build(), event.commit(), Stage.DEPLOY,
                "build " + event.build() + " was not deployed: " + e.getMessage(), true), events.publishTimeout());
    }

    private static DeployRequested request(ImageBuilt event, EnvironmentName environment) {
        return new DeployRequested(EventId.derived(event.eventId() + "/" + environment), event.eventId(),
                now(), event.build(), event.commit(), event.image(), event.descriptor(), environment, DeployReason.AUTOMATIC);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
