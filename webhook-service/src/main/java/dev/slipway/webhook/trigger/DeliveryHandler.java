package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Quoted;
import dev.slipway.webhook.WebhookConfiguration;
import dev.slipway.webhook.authentication.Signatures;
import dev.slipway.webhook.authentication.WebhookSecrets;
import dev.slipway.webhook.git.RemoteHeads;
import dev.slipway.webhook.plan.BuildPlan;
import dev.slipway.webhook.plan.BuildPlans;
import dev.slipway.webhook.plan.RepositoryIdentity;
import dev.slipway.webhook.provider.BranchChange;
import dev.slipway.webhook.provider.CommitId;
import dev.slipway.webhook.provider.InvalidPayloadException;
import dev.slipway.webhook.provider.PayloadNode;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.ProviderEvent;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The path every provider's delivery takes: size, event, delivery id, authentication, payload,
 * plans, redelivery check, and the events, each written before the answer is given.
 */
@Singleton
public class DeliveryHandler {

    private final WebhookConfiguration configuration;
    private final WebhookSecrets secrets;
    private final BuildPlans plans;
    private final Redeliveries redeliveries;
    private final CommitPublisher publisher;
    private final RemoteHeads remoteHeads;

    public DeliveryHandler(WebhookConfiguration configuration, WebhookSecrets secrets, BuildPlans plans, Redeliveries redeliveries,
                           CommitPublisher publisher, RemoteHeads remoteHeads) {
        this.configuration = configuration;
        this.secrets = secrets;
        this.plans = plans;
        this.redeliveries = redeliveries;
        this.publisher = publisher;
        this.remoteHeads = remoteHeads;
    }

    /**
     * @param eventNamed hears which event the delivery is about (a name the provider is known to
     *                   send, else {@code other}) as soon as that is known, for the metrics
     * @return what became of the delivery; every failure a sender can act on is its own exception
     */
    public DeliveryAnswer handle(WebhookEvents events, HttpHeaders headers, byte[] body, Consumer<String> eventNamed) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > configuration.maxBodySize()) {
            throw new PayloadTooLargeException("the body has " + bytes.length + " bytes; the limit is " + configuration.maxBodySize());
        }
        String event = headers.get(events.eventHeader());
        if (event == null || event.isBlank()) {
            throw new InvalidPayloadException("the " + events.eventHeader() + " header is missing: it names the event a delivery is about");
        }
        eventNamed.accept(events.knownEvents().contains(event) ? event : "other");
        String deliveryId = deliveryId(events, headers, bytes);

        // The body is read before it is authenticated only to learn which repository's secret to check.
        PayloadNode payload = null;
        InvalidPayloadException unreadable = null;
        try {
            payload = events.parse(bytes, headers.contentType().orElse(MediaType.APPLICATION_JSON_TYPE));
        } catch (InvalidPayloadException e) {
            unreadable = e;
        }
        Set<RepositoryIdentity> named = payload == null ? Set.of() : identities(events.repositoryUrls(event, payload));
        secrets.authenticate(events, headers, bytes, named);
        if (unreadable != null) {
            throw unreadable;
        }
        return answer(events, event, deliveryId, payload);
    }

    private DeliveryAnswer answer(WebhookEvents events, String event, String deliveryId, PayloadNode payload) {
        ProviderEvent read = events.read(event, payload);
        if (read instanceof ProviderEvent.Ping ping) {
            return DeliveryAnswer.pong(deliveryId, ping.message());
        }
        if (read instanceof ProviderEvent.Ignored ignored) {
            return DeliveryAnswer.ignored(deliveryId, ignored.reason());
        }
        ProviderEvent.Changes changes = (ProviderEvent.Changes) read;
        return redeliveries.once(events.provider().key() + ":" + deliveryId, () -> publish(events.provider(), deliveryId, changes));
    }

    private DeliveryAnswer publish(Provider provider, String deliveryId, ProviderEvent.Changes changes) {
        List<QueuedBuild> queued = new ArrayList<>();
        List<String> ignored = new ArrayList<>(changes.ignored());
        for (BranchChange change : changes.changes()) {
            Set<RepositoryIdentity> named = identities(change.repositoryUrls());
            List<BuildPlan> covering = plans.covering(named, change.branch());
            if (covering.isEmpty()) {
                ignored.add(uncovered(change, named));
            }
            for (BuildPlan plan : covering) {
                Optional<CommitSha> commit = resolve(plan, change.branch(), change.commit());
                if (commit.isEmpty()) {
                    ignored.add("merge commit " + change.commit() + " is no longer the head of branch " + Quoted.of(change.branch().value())
                            + ", so its full id is unknown; the push the merge made builds it");
                    continue;
                }
                EventId eventId = EventId.derived("webhook/" + provider.key() + "/" + deliveryId + "/" + plan.name() + "/" + change.branch());
                queued.add(publisher.publish(eventId, plan, change.branch(), commit.get(), change.author(), change.message(),
                        change.trigger(), deliveryId));
            }
        }
        return queued.isEmpty() ? DeliveryAnswer.ignored(deliveryId, String.join("; ", ignored))
                : DeliveryAnswer.accepted(deliveryId, queued, ignored);
    }

    /** A full id is taken as it is; an abbreviated one only when it is still the branch's head. */
    private Optional<CommitSha> resolve(BuildPlan plan, BranchName branch, CommitId commit) {
        Optional<CommitSha> full = commit.full();
        if (full.isPresent()) {
            return full;
        }
        return remoteHeads.head(plan.lsRemoteUrl(), branch).filter(commit::names);
    }

    private String uncovered(BranchChange change, Set<RepositoryIdentity> named) {
        String repository = change.repositoryUrls().isEmpty() ? "the repository" : Quoted.of(change.repositoryUrls().get(0));
        return plans.knows(named)
                ? "no plan builds branch " + Quoted.of(change.branch().value()) + " of " + repository
                : "no plan is configured for repository " + repository;
    }

    private static Set<RepositoryIdentity> identities(List<String> urls) {
        Set<RepositoryIdentity> identities = new LinkedHashSet<>();
        urls.forEach(url -> RepositoryIdentity.of(url).ifPresent(identities::add));
        return identities;
    }

    /**
     * The provider's id for the delivery, which stays the same when it is redelivered. Without one,
     * a digest of the body stands in: an identical body is then the same delivery.
     */
    private static String deliveryId(WebhookEvents events, HttpHeaders headers, byte[] body) {
        for (String header : events.deliveryIdHeaders()) {
            String value = headers.get(header);
            if (value != null && !value.isBlank()) {
                return DeliveryIds.check(header, value);
            }
        }
        return "sha256-" + HexFormat.of().formatHex(Signatures.sha256(body));
    }
}
