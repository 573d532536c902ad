package dev.slipway.webhook.provider;

import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.plan.WebhookSecret;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** The JSON document's bytes as a stream: most providers send it as the body itself. */
    default InputStream json(byte[] body, MediaType contentType) {
        return new ByteArrayInputStream(body);
    }

    /** The JSON document, parsed whole: only once the delivery is authenticated. */
    default PayloadNode parse(byte[] body, MediaType contentType) {
        return Payloads.parse(json(body, contentType));
    }

    /**
     * The dotted path of the one field that names the delivery's repository (Bitbucket Data
     * Center: the two, project key and slug). It is read before the body is authenticated, to
     * choose the repository's secret, and then decides which plans the delivery may build: a
     * repository named anywhere else in the body counts for nothing.
     */
    List<String> repositoryFields(String event);

    /**
     * The repository the values found at {@link #repositoryFields} name, or empty when they name
     * none this service understands. Must not fail on any input.
     */
    Optional<NamedRepository> repository(String event, Map<String, String> fields);

    /** @throws InvalidPayloadException when the body lacks what the event needs */
    ProviderEvent read(String event, PayloadNode payload);
}
