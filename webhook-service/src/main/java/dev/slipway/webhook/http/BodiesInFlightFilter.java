package dev.slipway.webhook.http;

import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.webhook.WebhookConfiguration;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;

/**
 * Admits a webhook delivery only while its body fits in {@link BodiesInFlight}, before a byte of
 * it is read: the body is read only after the filters, when the controller takes it. Over the
 * budget, the answer is an immediate 503 with {@code Retry-After}, which the providers' redelivery
 * (or a person) follows; the bytes come back when the delivery is answered, however it ends.
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

    // Blocking: the bytes are given back only when the rest of the request, answer included, is done.
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public MutableHttpResponse<?> admit(HttpRequest<?> request, FilterContinuation<MutableHttpResponse<?>> continuation) {
        long taken = bodies.tryTake(request.getContentLength());
        if (taken == 0) {
            String provider = request.getPath().replaceFirst("^/webhooks/?", "");
            metrics.record(PROVIDERS.contains(provider) ? provider : "unknown", "none", DeliveryMetrics.Outcome.BUSY, Duration.ZERO);
            LOG.warn("Refused a delivery to {} with 503: {} bytes of bodies are already being read (slipway.webhook.bodies-in-flight)",
                    request.getPath(), bodies.budget());
            return HttpResponse.<ErrorMessage>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new ErrorMessage("too many deliveries are being read at once; nothing was queued, try again later"))
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        try {
            return continuation.proceed();
        } finally {
            bodies.release(taken);
        }
    }
}
