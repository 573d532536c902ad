package dev.slipway.status.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.domain.PlanName;
import dev.slipway.status.views.BuildViews;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live stream of build changes: after each record's change is stored, the summaries of the
 * builds it changed go to every open stream (one multicast sink; a subscriber too slow to keep up
 * loses events rather than holding the read model back).
 */
@Singleton
public class BuildChanges {
    private static final Logger LOG = LoggerFactory.getLogger(BuildChanges.class);

    private final Sinks.Many<Change> sink = Sinks.many().multicast().directBestEffort();
    private final AtomicLong sequence = new AtomicLong();
    private final BuildViews views;
    private final ObjectMapper json;
    private final StreamConfiguration configuration;

    public BuildChanges(BuildViews views, ObjectMapper json, StreamConfiguration configuration) {
        this.views = views;
        this.json = json;
        this.configuration = configuration;
    }

    /** Called once the change is stored. */
    public void changed(Collection<Long> buildIds) {
        if (buildIds.isEmpty() || sink.currentSubscriberCount() == 0) {
            return;
        }
        for (long id : buildIds) {
            views.summary(id).ifPresent(summary -> {
                try {
                    Change change = new Change(summary.plan(), json.writeValueAsString(summary), sequence.incrementAndGet());
                    sink.emitNext(change, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofMillis(100)));
                } catch (JsonProcessingException e) {
                    LOG.error("Could not write the summary of build {} for the live stream", summary.id(), e);
                }
            });
        }
    }

    /**
     * Events named {@code build} whose data is a build summary (one line of JSON), with a growing
     * id; and a comment every {@link StreamConfiguration#heartbeat()}.
     *
     * @param plan only this plan's builds; null for all
     */
    public Publisher<Event<String>> events(PlanName plan) {
        Flux<Event<String>> builds = sink.asFlux()
                .filter(change -> plan == null || plan.value().equals(change.plan()))
                .map(change -> Event.of(change.json()).name("build").id(Long.toString(change.sequence())));
        Flux<Event<String>> heartbeats = Flux.interval(configuration.heartbeat())
                .map(tick -> Event.of("").comment("heartbeat"));
        // A comment at once: the client knows the stream is open (and subscribed) before anything changes.
        return Flux.concat(Flux.just(Event.of("").comment("stream of build changes")), Flux.merge(builds, heartbeats));
    }

    private record Change(String plan, String json, long sequence) {
    }
}
