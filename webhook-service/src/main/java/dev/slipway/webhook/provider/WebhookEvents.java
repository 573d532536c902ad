package dev.slipway.webhook.provider;

import dev.slipway.webhook.plan.WebhookSecret;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;

import java.util.List;
import java.util.Set;

/** How one provider's deliveries are named, authenticated and read. */
public interface WebhookEvents {

    Provider provider();

    /** The header that names the event, e.g. {@code X-GitHub-Event}. */
    String eventHeader();

    /** Headers that identify a delivery across redeliveries, in order of preference. */
    List<String> deliveryIdHeaders();

    /** Event names this service reads; metrics name every other event {@code other}. */
    Set<String> knownEvents();

    /** @throws dev.slipway.webhook.authentication.UnauthenticatedDeliveryException when the signature or token does not prove the secret */
    void authenticate(HttpHeaders headers, byte[] body, WebhookSecret secret);

    /** The JSON document in the body; most providers send it as the body itself. */
    default PayloadNode parse(byte[] body, MediaType contentType) {
        return Payloads.parse(body);
    }

    /**
     * The URLs the body names its repository by, read before the body is authenticated so that the
     * repository's own secret can be chosen. Must not fail on any input.
     */
    List<String> repositoryUrls(String event, PayloadNode payload);

    /** @throws InvalidPayloadException when the body lacks what the event needs */
    ProviderEvent read(String event, PayloadNode payload);
}
