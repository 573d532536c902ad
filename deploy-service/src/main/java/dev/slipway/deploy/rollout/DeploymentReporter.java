package dev.slipway.deploy.rollout;

import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.events.ProgressReports;
import dev.slipway.infrastructure.retry.Retrier;
import dev.slipway.infrastructure.retry.RetryPolicy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tells the pipeline how a deployment ended, and the people following it when it started and why it
 * waits. Event ids are derived from the request's id, so a request that is replayed after a restart
 * reports under the same ids and consumers ignore the repeat. An ending the broker does not take is
 * tried again under the deploy retry policy; a start or a wait is not (see {@link #started}).
 *
 * <p>Each method that reports an ending says whether the broker took the event, and throws
 * {@link InterruptedException} when the service stops while it waits to try again: the request
 * stays pending then.
 */
@Singleton
public class DeploymentReporter {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentReporter.class);

    private final EventPublisher publisher;
    private final EventsConfiguration events;
    private final ProgressReports progress;
    private final Retrier<EventNotPublishedException> retrier;

    public DeploymentReporter(EventPublisher publisher, EventsConfiguration events, ProgressReports progress, RetryPolicy retryPolicy) {
        this.publisher = publisher;
        this.events = events;
        this.progress = progress;
        // Every failure to publish may pass: the broker is down or slow for a while.
        this.retrier = retryPolicy.retrying(EventNotPublishedException.class, e -> true);
    }

    /**
     * The rollout of the request begins now; the detail says why it was requested ({@code automatic},
     * {@code rollback}, {@code promotion}). No stage acts on it, so a broker that does not take it costs a
     * warning, never the deployment: it is not tried again, and this does not wait out the retry policy.
     */
    void started(DeployRequested request) {
        progress.report(new StageProgressed(EventId.derived(request.eventId() + "/started"), request.eventId(), now(), request.plan(),
                request.build(), request.commit(), Stage.DEPLOY, request.environment(), Progress.STARTED, request.reason().json()));
    }

    /**
     * The cluster cannot place the deployment, for a cause not reported before; informational, as {@link #started}.
     *
     * @param reason what the cluster says now, the detail of the event
     * @param cause  the reason without its changing figures: the same cause has the same event id, also after a restart
     */
    void waiting(DeployRequested request, String reason, String cause) {
        progress.report(new StageProgressed(EventId.derived(request.eventId() + "/waiting/" + cause), request.eventId(), now(),
                request.plan(), request.build(), request.commit(), Stage.DEPLOY, request.environment(), Progress.WAITING, reason));
    }

    /** @return whether the broker took the event */
    boolean running(DeployRequested request, String targetType, String appId, URI url) throws InterruptedException {
        return publish(new DeploymentFinished(EventId.derived(request.eventId() + "/finished"), request.eventId(), now(),
                request.build(), request.commit(), request.environment(), targetType, appId, DeploymentState.RUNNING, url, null));
    }

    /** A deployment that reached its target and failed there: both the environment's story and the pipeline's. */
    boolean failed(DeployRequested request, String targetType, String appId, String reason, boolean retryable) throws InterruptedException {
        boolean finished = appId == null || publish(new DeploymentFinished(EventId.derived(request.eventId() + "/finished"),
                request.eventId(), now(), request.build(), request.commit(), request.environment(), targetType, appId,
                DeploymentState.FAILED, null, reason));
        return stageFailed(request, reason, retryable) && finished;
    }

    /**
     * A request that is not deployed because a later one replaces it: the environment already runs
     * a newer build, or a newer build (or a rollback) was requested while it waited. That is how
     * newest-wins is meant to work, not a failure: a {@code DeploymentFinished} that says
     * superseded and why, and no {@code StageFailed}.
     *
     * @param targetType null when it never reached a target
     * @param appId      null when it never reached a target
     */
    boolean superseded(DeployRequested request, String targetType, String appId, String reason) throws InterruptedException {
        return publish(new DeploymentFinished(EventId.derived(request.eventId() + "/finished"), request.eventId(), now(),
                request.build(), request.commit(), request.environment(), targetType, appId, DeploymentState.SUPERSEDED,
                null, reason));
    }

    /**
     * The build was started beside the one serving and failed its health check in time, so it was stopped and the
     * environment stays on (or went back to) its last healthy build: a {@code DeploymentFinished} that says
     * rolled-back, why, and where the environment still serves; and a {@code StageFailed}, since the build itself
     * did not deploy.
     *
     * @param servingUrl where the environment serves its last healthy build; null when it has none
     */
    boolean rolledBack(DeployRequested request, String targetType, String appId, URI servingUrl, String reason)
            throws InterruptedException {
        boolean finished = publish(new DeploymentFinished(EventId.derived(request.eventId() + "/finished"), request.eventId(),
                now(), request.build(), request.commit(), request.environment(), targetType, appId, DeploymentState.ROLLED_BACK,
                servingUrl, reason));
        return stageFailed(request, reason, false) && finished;
    }

    /**
     * A build that ran was taken down with its environment (a preview whose pull request closed).
     *
     * @param cause the event that asked for the removal; the report's id derives from it and the environment
     */
    public boolean removed(EventId cause, BuildId build, CommitSha commit, EnvironmentName environment, String targetType,
                           String appId, String reason) throws InterruptedException {
        return publish(new DeploymentFinished(EventId.derived(cause + "/removed/" + environment), cause, now(), build, commit,
                environment, targetType, appId, DeploymentState.REMOVED, null, reason));
    }

    /** A request that cannot be deployed at all (its environment is not configured, or does not take the plan). */
    boolean setAside(DeployRequested request, String reason) throws InterruptedException {
        return stageFailed(request, reason, false);
    }

    private boolean stageFailed(DeployRequested request, String reason, boolean retryable) throws InterruptedException {
        return publish(new StageFailed(EventId.derived(request.eventId() + "/failed"), request.eventId(), now(),
                request.plan(), request.build(), request.commit(), Stage.DEPLOY, reason, retryable));
    }

    private boolean publish(PipelineEvent event) throws InterruptedException {
        try {
            retrier.run("publish " + event.type().topic() + " for " + event.subject(),
                    () -> publisher.publishAndWait(event, events.publishTimeout()));
            return true;
        } catch (EventNotPublishedException e) {
            LOG.error("Gave up publishing {} for {}; the request stays pending and is replayed after a restart: {}",
                    event.type().topic(), event.subject(), e.getMessage());
            return false;
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
