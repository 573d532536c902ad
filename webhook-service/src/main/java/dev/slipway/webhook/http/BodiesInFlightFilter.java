package dev.slipway.webhook.http;

import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.webhook.WebhookConfiguration;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits a webhook delivery only while its body fits in {@link BodiesInFlight}, before a byte of
 * it is read: the body is read only after the filters, when the controller takes it. Over the
 * budget, the answer is an immediate 503 with {@code Retry-After}, which the providers' redelivery
 * (or a person) follows; the bytes come back when the delivery is answered, however it ends
 * (answered, failed, or abandoned by a client that went away).
 */
@ServerFilter("/webhooks/**")
public class BodiesInFlightFilter {
    private static final Logger LOG = LoggerFactory.getLogger(BodiesInFlightFilter.class);
    private static final Set<String> PROVIDERS = Set.of("github", "bitbucket", "gitlab");

    private final BodiesInFlight bodies;
    private final DeliveryMetrics metrics;
    private final Duration retryAfter;

    public BodiesInFlightFilter(BodiesInFlight bodies, DeliveryMetrics metrics, WebhookConfiguration configuration) {
        this.bodies = bodies;
        this.metrics = metrics;
        this.retryAfter = configuration.retryAfter();
    }

    // On the event loop: taking from the budget never blocks, and the rest of the request goes on
    // without holding a thread until it is answered.
    @RequestFilter
    public Publisher<MutableHttpResponse<?>> admit(HttpRequest<?> request, FilterContinuation<Publisher<MutableHttpResponse<?>>> continuation) {
        long taken = bodies.tryTake(request.getContentLength());
        if (taken == 0) {
            String provider = request.getPath().replaceFirst("^/webhooks/?", "");
            metrics.record(PROVIDERS.contains(provider) ? provider : "unknown", "none", DeliveryMetrics.Outcome.BUSY, Duration.ZERO);
            LOG.warn("Refused a delivery to {} with 503: {} bytes of bodies are already being read (slipway.webhook.bodies-in-flight)",
                    request.getPath(), bodies.budget());
            MutableHttpResponse<?> busy = HttpResponse.<ErrorMessage>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new ErrorMessage("too many deliveries are being read at once; nothing was queued, try again later"))
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
            return Publishers.<MutableHttpResponse<?>>just(busy);
        }
        Publisher<MutableHttpResponse<?>> rest;
        try {
            rest = continuation.proceed();
        } catch (RuntimeException | Error e) {
            bodies.release(taken);
            throw e;
        }
        return new ReleasingWhenDone(rest, () -> bodies.release(taken));
    }

    /** The response, passed on unchanged; the release runs once, when it completes, fails or is cancelled. */
    private record ReleasingWhenDone(Publisher<MutableHttpResponse<?>> response, Runnable release) implements Publisher<MutableHttpResponse<?>> {
        @Override
        public void subscribe(Subscriber<? super MutableHttpResponse<?>> downstream) {
            AtomicBoolean released = new AtomicBoolean();
            Runnable once = () -> {
                if (released.compareAndSet(false, true)) {
                    release.run();
                }
            };
            response.subscribe(new Subscriber<MutableHttpResponse<?>>() {
                @Override
                public void onSubscribe(Subscription upstream) {
                    downstream.onSubscribe(new Subscription() {
                        @Override
                        public void request(long n) {
                            upstream.request(n);
                        }

                        @Override
                        public void cancel() {
                            once.run();
                            upstream.cancel();
                        }
                    });
                }

                @Override
                public void onNext(MutableHttpResponse<?> answer) {
                    downstream.onNext(answer);
                }

                @Override
                public void onError(Throwable failed) {
                    once.run();
                    downstream.onError(failed);
                }

                @Override
                public void onComplete() {
                    once.run();
                    downstream.onComplete();
                }
            });
        }
    }
}
