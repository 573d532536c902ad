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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        try {
            return answer(source, tag, started, work.apply(tag));
        } catch (RuntimeException e) {
            return failure(source, tag, started, e);
        }
    }

    /**
     * {@link #acknowledge} for work whose answer completes later (when the broker has acknowledged
     * its events): the response completes with it, and no thread waits meanwhile. A failure thrown
     * before the work returns its future is answered the same as one the future completes with.
     */
    public CompletableFuture<MutableHttpResponse<?>> acknowledgeAsync(String source, Function<EventTag, CompletableFuture<DeliveryAnswer>> work) {
        long started = System.nanoTime();
        EventTag tag = new EventTag();
        CompletableFuture<DeliveryAnswer> answer;
        try {
            answer = work.apply(tag);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(source, tag, started, e));
        }
        return answer.handle((done, failed) -> {
            if (failed == null) {
                return answer(source, tag, started, done);
            }
            Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
            if (cause instanceof RuntimeException e) {
                return failure(source, tag, started, e);
            }
            metrics.record(source, tag.event, DeliveryMetrics.Outcome.ERROR, Duration.ofNanos(System.nanoTime() - started));
            throw new CompletionException(cause); // an Error: the framework's 500
        });
    }

    private MutableHttpResponse<?> answer(String source, EventTag tag, long started, DeliveryAnswer answer) {
        DeliveryMetrics.Outcome outcome = DeliveryMetrics.Outcome.of(answer);
        try {
            LOG.info("{} {} {}: {}", source, tag.event, answer.deliveryId(), answer.message());
            return HttpResponse.status(outcome == DeliveryMetrics.Outcome.PONG ? HttpStatus.OK : HttpStatus.ACCEPTED).body(answer);
        } finally {
            metrics.record(source, tag.event, outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private MutableHttpResponse<?> failure(String source, EventTag tag, long started, RuntimeException e) {
        DeliveryMetrics.Outcome outcome = DeliveryMetrics.Outcome.ERROR;
        try {
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
        private volatile String event = "none";

        public void set(String event) {
            this.event = event;
        }
    }
}
