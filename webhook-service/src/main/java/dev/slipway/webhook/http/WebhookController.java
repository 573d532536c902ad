package dev.slipway.webhook.http;

import dev.slipway.events.domain.Quoted;
import dev.slipway.webhook.provider.WebhookEvents;
import dev.slipway.webhook.trigger.DeliveryHandler;
import dev.slipway.webhook.trigger.NotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import jakarta.inject.Named;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /webhooks/github}, {@code /webhooks/bitbucket}, {@code /webhooks/gitlab}: where a
 * repository's webhook points. The body is taken raw, because signatures cover the exact bytes.
 * No bearer token: a Git host has none, and each delivery proves its repository's secret instead.
 */
@Controller("/webhooks")
@Secured(SecurityRule.IS_ANONYMOUS)
public class WebhookController {
    // Bodies up to this size are authenticated and parsed on the event loop (a GitHub push listing
    // 20 commits is some 50 KB, about a millisecond's work); larger ones on a worker thread.
    private static final int ON_THE_EVENT_LOOP = 256 * 1024;

    private final DeliveryHandler deliveries;
    private final Acknowledgements acknowledgements;
    private final Map<String, WebhookEvents> providers;
    private final ExecutorService blocking;

    public WebhookController(DeliveryHandler deliveries, Acknowledgements acknowledgements, List<WebhookEvents> providers,
                             @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.deliveries = deliveries;
        this.acknowledgements = acknowledgements;
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(p -> p.provider().key(), Function.identity()));
        this.blocking = blocking;
    }

    // On the event loop for the usual delivery, without a hand-over to a worker thread: the answer is
    // written when the broker has acknowledged the event, and DeliveryHandler hands what could block
    // to a worker thread. A large body is handled on a worker thread, so that it does not hold up the
    // loop's other connections.
    @Post(uri = "/{provider}", consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    CompletableFuture<MutableHttpResponse<?>> receive(@PathVariable String provider, HttpHeaders headers, @Nullable @Body byte[] body) {
        WebhookEvents events = providers.get(provider);
        if (events == null) {
            return CompletableFuture.completedFuture(acknowledgements.acknowledge("unknown", tag -> {
                throw new NotFoundException("no webhook endpoint for " + Quoted.of(provider)
                        + "; use /webhooks/github, /webhooks/bitbucket or /webhooks/gitlab");
            }));
        }
        if (body != null && body.length > ON_THE_EVENT_LOOP) {
            return CompletableFuture.supplyAsync(() -> acknowledge(events, headers, body), blocking).thenCompose(Function.identity());
        }
        return acknowledge(events, headers, body);
    }

    private CompletableFuture<MutableHttpResponse<?>> acknowledge(WebhookEvents events, HttpHeaders headers, byte[] body) {
        return acknowledgements.acknowledgeAsync(events.provider().key(), tag -> deliveries.handle(events, headers, body, tag::set));
    }
}
