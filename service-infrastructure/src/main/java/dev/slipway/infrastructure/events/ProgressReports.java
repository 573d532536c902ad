package dev.slipway.infrastructure.events;

import dev.slipway.events.StageProgressed;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link StageProgressed}: news for the people following a build, which no stage acts
 * on. A broker that does not take it therefore costs a warning and nothing else: it is not tried
 * again, and the work it announces goes on.
 *
 * <p>It waits for the broker's acknowledgement (at most {@code slipway.events.publish-timeout}),
 * so that the news is on the broker before the work it announces ends and before the event that
 * says how it ended.
 */
@Singleton
public final class ProgressReports {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReports.class);

    private final EventPublisher publisher;
    private final EventsConfiguration events;

    public ProgressReports(EventPublisher publisher, EventsConfiguration events) {
        this.publisher = publisher;
        this.events = events;
    }

    /** @return whether the broker took it; the caller goes on either way */
    public boolean report(StageProgressed progress) {
        try {
            publisher.publishAndWait(progress, events.publishTimeout());
            return true;
        } catch (EventNotPublishedException e) {
            LOG.warn("StageProgressed for {} at {} ({} stage{}, {}) was not published; the work goes on without it: {}",
                    progress.subject(), progress.commit().shortSha(), progress.stage().json(),
                    progress.environment() == null ? "" : " in " + progress.environment(), progress.progress().json(),
                    e.getMessage());
            return false;
        }
    }
}
