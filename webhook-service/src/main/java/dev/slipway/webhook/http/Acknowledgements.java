package dev.slipway.webhook.http;

import dev.slipway.webhook.WebhookConfiguration;
import dev.slipway.webhook.trigger.DeliveryAnswer;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Function;

/**
 * Turns the handling of one request into its answer: 202 (200 for a ping) with what became of it,
 * or the failure's status and message; and counts and times every answer.
 */
@Singleton
public class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);

    private final DeliveryMetrics metrics;
    private final Duration retryAfter;

    public Acknowledgements(DeliveryMetrics metrics, WebhookConfiguration configuration) {
        this.metrics = metrics;
        this.retryAfter = configuration.retryAfter();
    }

    /**
     * @param source the provider key, or {@code manual}, as the metrics name it
     * @param work   handles the request; it names the event for the metrics as soon as it knows it
     */
    public MutableHttpResponse<?> acknowledge(String source, Function<EventTag, DeliveryAnswer> work) {
        long started = System.nanoTime();
        EventTag tag = new EventTag();
        DeliveryMetrics.Outcome outcome = DeliveryMetrics.Outcome.ERROR;
        try {
            DeliveryAnswer answer = work.apply(tag);
            outcome = DeliveryMetrics.Outcome.of(answer);
            LOG.info("{} {} {}: {}", source, tag.event, answer.deliveryId(), answer.message());
            return HttpResponse.status(outcome == DeliveryMetrics.Outcome.PONG ? HttpStatus.OK : HttpStatus.ACCEPTED).body(answer);
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e);
            outcome = failure.outcome();
            if (failure.status().getCode() < 500) {
                LOG.info("{} {} refused with {}: {}", source, tag.event, failure.status().getCode(), failure.message());
            }
            return failure.response(retryAfter);
        } finally {
            metrics.record(source, tag.event, outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The event a request turned out to be about, for the metrics; {@code none} until known. */
    public static final class EventTag {
        private String event = "none";

        public void set(String event) {
            this.event = event;
        }
    }
}
