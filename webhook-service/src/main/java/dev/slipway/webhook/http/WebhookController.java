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
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;
import java.util.Map;
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
    private final DeliveryHandler deliveries;
    private final Acknowledgements acknowledgements;
    private final Map<String, WebhookEvents> providers;

    public WebhookController(DeliveryHandler deliveries, Acknowledgements acknowledgements, List<WebhookEvents> providers) {
        this.deliveries = deliveries;
        this.acknowledgements = acknowledgements;
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(p -> p.provider().key(), Function.identity()));
    }

    // Blocking: the answer waits for the broker's acknowledgement of the event.
    @Post(uri = "/{provider}", consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @ExecuteOn(TaskExecutors.BLOCKING)
    MutableHttpResponse<?> receive(@PathVariable String provider, HttpHeaders headers, @Nullable @Body byte[] body) {
        WebhookEvents events = providers.get(provider);
        if (events == null) {
            return acknowledgements.acknowledge("unknown", tag -> {
                throw new NotFoundException("no webhook endpoint for " + Quoted.of(provider)
                        + "; use /webhooks/github, /webhooks/bitbucket or /webhooks/gitlab");
            });
        }
        return acknowledgements.acknowledge(events.provider().key(), tag -> deliveries.handle(events, headers, body, tag::set));
    }
}
