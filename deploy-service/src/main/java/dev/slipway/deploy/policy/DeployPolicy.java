package dev.slipway.deploy.policy;

import dev.slipway.deploy.builds.BuildCatalog;
import dev.slipway.deploy.builds.BuildRecord;
import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.EventId;
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

/**
 * Decides where a freshly built image goes: one {@code DeployRequested} for each environment
 * that deploys automatically and takes the plan. The build's image is remembered first, so that it
 * can be deployed again by hand later.
 */
@Singleton
public class DeployPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(DeployPolicy.class);

    private final BuildCatalog catalog;
    private final Environments environments;
    private final EventPublisher publisher;
    private final EventsConfiguration events;

    public DeployPolicy(BuildCatalog catalog, Environments environments, EventPublisher publisher, EventsConfiguration events) {
        this.catalog = catalog;
        this.environments = environments;
        this.publisher = publisher;
        this.events = events;
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
        List<DeployRequested> requests = environments.automaticFor(event.plan()).stream()
                .map(environment -> request(event, environment))
                .toList();
        for (DeployRequested request : requests) {
            publisher.publishAndWait(request, events.publishTimeout());
            LOG.info("Requested {} in {}", request.build(), request.environment());
        }
        catalog.markRequestsIssued(build);
        return requests;
    }

    /**
     * The plan's build catalog is damaged. Delivering the event again would not repair it, so the
     * build ends in a {@code StageFailed} that names the file; retryable, since the same build can
     * be deployed once the file is restored or moved aside.
     */
    private void notDeployable(ImageBuilt event, UnreadableStateFileException e) {
        LOG.error("Not deploying {}: {}", event.build(), e.getMessage());
        publisher.publishAndWait(new StageFailed(EventId.derived(event.eventId() + "/deploy-failed"), event.eventId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), event.plan(), event.build(), event.commit(), Stage.DEPLOY,
                "build " + event.build() + " was not deployed: " + e.getMessage(), true), events.publishTimeout());
    }

    private static DeployRequested request(ImageBuilt event, Environment environment) {
        return new DeployRequested(EventId.derived(event.eventId() + "/" + environment.name()), event.eventId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), event.build(), event.commit(), event.image(),
                event.descriptor(), environment.name(), DeployReason.AUTOMATIC);
    }
}
