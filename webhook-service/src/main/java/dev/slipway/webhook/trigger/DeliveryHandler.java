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
import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.provider.BranchChange;
import dev.slipway.webhook.provider.CommitId;
import dev.slipway.webhook.provider.InvalidPayloadException;
import dev.slipway.webhook.provider.PayloadNode;
import dev.slipway.webhook.provider.Payloads;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.ProviderEvent;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The path every provider's delivery takes: size, event, delivery id, authentication, payload,
 * plans, redelivery check, one build per plan and commit, and the events, each written before the
 * answer is given. The answer is a future that completes when the broker has acknowledged every
 * event: no thread waits for the broker, and deliveries that arrive together share its batches.
 *
 * <p>It may be called on an event loop, which must never block: what can (reading a branch head for
 * an abbreviated commit id, a publish while the producer may wait for the broker) is handed to a
 * worker thread.
 */
@Singleton
public class DeliveryHandler {

    private final WebhookConfiguration configuration;
    private final WebhookSecrets secrets;
    private final BuildPlans plans;
    private final Redeliveries redeliveries;
    private final CommitPublisher publisher;
    private final RemoteHeads remoteHeads;
    private final QueuedCommits commits;
    private final ExecutorService blocking;

    public DeliveryHandler(WebhookConfiguration configuration, WebhookSecrets secrets, BuildPlans plans, Redeliveries redeliveries,
                           CommitPublisher publisher, RemoteHeads remoteHeads, QueuedCommits commits,
                           @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.configuration = configuration;
        this.secrets = secrets;
        this.plans = plans;
        this.redeliveries = redeliveries;
        this.publisher = publisher;
        this.remoteHeads = remoteHeads;
        this.commits = commits;
        this.blocking = blocking;
    }

    /**
     * @param eventNamed hears which event the delivery is about (a name the provider is known to
     *                   send, else {@code other}) as soon as that is known, for the metrics
     * @return what became of the delivery, once its events are on the broker; every failure a sender
     *         can act on is its own exception, thrown or (for the publish) completing the future
     */
    public CompletableFuture<DeliveryAnswer> handle(WebhookEvents events, HttpHeaders headers, byte[] body, Consumer<String> eventNamed) {
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
        MediaType contentType = headers.contentType().orElse(MediaType.APPLICATION_JSON_TYPE);

        // Before it is authenticated, the body is only scanned for the one field that names its
        // repository, whose secret it must prove: nothing else of it is read or kept.
        Optional<NamedRepository> named = events.repository(event, repositoryFields(events, event, bytes, contentType));
        secrets.authenticate(events, headers, bytes, named);
        return answer(events, event, deliveryId, events.parse(bytes, contentType), named);
    }

    private static Map<String, String> repositoryFields(WebhookEvents events, String event, byte[] body, MediaType contentType) {
        try {
            return Payloads.fields(events.json(body, contentType), events.repositoryFields(event));
        } catch (InvalidPayloadException unreadable) {
            return Map.of(); // reported once the delivery is authenticated
        }
    }

    private CompletableFuture<DeliveryAnswer> answer(WebhookEvents events, String event, String deliveryId, PayloadNode payload,
                                                     Optional<NamedRepository> named) {
        ProviderEvent read = events.read(event, payload);
        if (read instanceof ProviderEvent.Ping ping) {
            return CompletableFuture.completedFuture(DeliveryAnswer.pong(deliveryId, ping.message()));
        }
        if (read instanceof ProviderEvent.Ignored ignored) {
            return CompletableFuture.completedFuture(DeliveryAnswer.ignored(deliveryId, ignored.reason()));
        }
        ProviderEvent.Changes changes = (ProviderEvent.Changes) read;
        if (named.isEmpty()) {
            return CompletableFuture.completedFuture(DeliveryAnswer.ignored(deliveryId, "the delivery does not name its repository in field '"
                    + String.join("' and '", events.repositoryFields(event)) + "', so no plan can be chosen"));
        }
        return redeliveries.onceAsync(events.provider().key() + ":" + deliveryId, () -> mayBlock(changes)
                ? CompletableFuture.supplyAsync(() -> publish(events.provider(), deliveryId, changes, named.get()), blocking)
                        .thenCompose(Function.identity())
                : publish(events.provider(), deliveryId, changes, named.get()));
    }

    private boolean mayBlock(ProviderEvent.Changes changes) {
        return !publisher.sendsWithoutWaiting() || changes.changes().stream().anyMatch(change -> change.commit().full().isEmpty());
    }

    private CompletableFuture<DeliveryAnswer> publish(Provider provider, String deliveryId, ProviderEvent.Changes changes, NamedRepository named) {
        // Every event is sent before any acknowledgement is awaited; the outcomes keep the order of the plans.
        List<CompletableFuture<QueuedCommits.Outcome>> outcomes = new ArrayList<>();
        List<String> ignored = new ArrayList<>(changes.ignored());
        for (BranchChange change : changes.changes()) {
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
                outcomes.add(commits.onceAsync(plan.name(), commit.get(), () -> publisher.publishAsync(eventId, plan, change.branch(),
                        commit.get(), change.author(), change.message(), change.trigger(), deliveryId, false)
                        .thenApply(build -> new QueuedCommits.Queued(build, deliveryId))));
            }
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(allAcknowledged -> answer(deliveryId, outcomes.stream().map(CompletableFuture::join).toList(), ignored));
    }

    private static DeliveryAnswer answer(String deliveryId, List<QueuedCommits.Outcome> outcomes, List<String> ignored) {
        List<QueuedBuild> queued = new ArrayList<>();
        List<QueuedBuild> earlier = new ArrayList<>();
        List<String> alreadyQueued = new ArrayList<>();
        for (QueuedCommits.Outcome outcome : outcomes) {
            if (outcome.queuedNow()) {
                queued.add(outcome.queued().build());
            } else {
                earlier.add(outcome.queued().build());
                alreadyQueued.add(outcome.reason());
            }
        }
        if (!queued.isEmpty()) {
            List<String> notBuilt = new ArrayList<>(ignored);
            notBuilt.addAll(alreadyQueued);
            return DeliveryAnswer.accepted(deliveryId, queued, notBuilt);
        }
        return earlier.isEmpty() ? DeliveryAnswer.ignored(deliveryId, String.join("; ", ignored))
                : DeliveryAnswer.alreadyQueued(deliveryId, earlier, alreadyQueued);
    }

    /** A full id is taken as it is; an abbreviated one only when it is still the branch's head. */
    private Optional<CommitSha> resolve(BuildPlan plan, BranchName branch, CommitId commit) {
        Optional<CommitSha> full = commit.full();
        if (full.isPresent()) {
            return full;
        }
        return remoteHeads.head(plan.lsRemoteUrl(), branch).filter(commit::names);
    }

    private String uncovered(BranchChange change, NamedRepository named) {
        String repository = Quoted.of(named.shown());
        return plans.knows(named)
                ? "no plan builds branch " + Quoted.of(change.branch().value()) + " of " + repository
                : "no plan is configured for repository " + repository;
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
