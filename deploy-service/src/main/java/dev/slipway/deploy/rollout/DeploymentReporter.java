package dev.slipway.deploy.rollout;

import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.micronaut.EventsConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tells the pipeline how a deployment ended. Event ids are derived from the request's id, so a
 * request that is replayed after a restart reports under the same ids and consumers ignore the repeat.
 */
@Singleton
public class DeploymentReporter {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentReporter.class);
    private static final int PUBLISH_ATTEMPTS = 3;

    private final EventPublisher publisher;
    private final EventsConfiguration events;

    public DeploymentReporter(EventPublisher publisher, EventsConfiguration events) {
        this.publisher = publisher;
        this.events = events;
    }

    /** @return whether the broker took the event */
    boolean running(DeployRequested request, String targetType, String appId, URI url) {
        return publish(new DeploymentFinished(EventId.derived(request.eventId() + "/finished"), request.eventId(), now(),
                request.build(), request.commit(), request.environment(), targetType, appId, DeploymentState.RUNNING, url, null));
    }

    /** A deployment that reached its target and failed there: both the environment's story and the pipeline's. */
    boolean failed(DeployRequested request, String targetType, String appId, String reason, boolean retryable) {
        boolean finished = appId == null || publish(new DeploymentFinished(EventId.derived(request.eventId() + "/finished"),
                request.eventId(), now(), request.build(), request.commit(), request.environment(), targetType, appId,
                DeploymentState.FAILED, null, reason));
        return stageFailed(request, reason, retryable) && finished;
    }

    /** A request that is not deployed at all (superseded, older than what runs, unknown environment). */
    boolean setAside(DeployRequested request, String reason) {
        return stageFailed(request, reason, false);
    }

    private boolean stageFailed(DeployRequested request, String reason, boolean retryable) {
        return publish(new StageFailed(EventId.derived(request.eventId() + "/failed"), request.eventId(), now(),
                request.plan(), request.build(), request.commit(), Stage.DEPLOY, reason, retryable));
    }

    private boolean publish(PipelineEvent event) {
        for (int attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
            try {
                publisher.publishAndWait(event, events.publishTimeout());
                return true;
            } catch (EventNotPublishedException e) {
                LOG.warn("Could not publish {} for {} (attempt {} of {}): {}", event.type().topic(), event.subject(),
                        attempt, PUBLISH_ATTEMPTS, e.getMessage());
            }
        }
        LOG.error("Gave up publishing {} for {}; the request stays pending and is replayed after a restart",
                event.type().topic(), event.subject());
        return false;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
