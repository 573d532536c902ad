package dev.slipway.webhook.trigger;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PullRequest;
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
        if (named.isEmpty()) {
            return CompletableFuture.completedFuture(DeliveryAnswer.ignored(deliveryId, "the delivery does not name its repository in field '"
                    + String.join("' and '", events.repositoryFields(event)) + "', so no plan can be chosen"));
        }
        // One delivery may write several events (a merged pull request: the merge's build and the
        // end of the preview); the redelivery memory covers them all, and the answer waits for every one.
        return redeliveries.onceAsync(events.provider().key() + ":" + deliveryId, () -> mayBlock(read)
                ? CompletableFuture.supplyAsync(() -> publish(events.provider(), deliveryId, read, named.get()), blocking)
                        .thenCompose(Function.identity())
                : publish(events.provider(), deliveryId, read, named.get()));
    }

    /** Whether publishing may block the caller: the producer may wait for the broker, or an abbreviated id must be read from Git. */
    private boolean mayBlock(ProviderEvent read) {
        if (!publisher.sendsWithoutWaiting()) {
            return true;
        }
        if (read instanceof ProviderEvent.Changes changes) {
            return changes.changes().stream().anyMatch(change -> change.commit().full().isEmpty());
        }
        if (read instanceof ProviderEvent.PullRequestHead head) {
            return head.head().full().isEmpty();
        }
        return read instanceof ProviderEvent.PullRequestEnded ended && ended.mergeBuild().filter(merge -> merge.commit().full().isEmpty()).isPresent();
    }

    private CompletableFuture<DeliveryAnswer> publish(Provider provider, String deliveryId, ProviderEvent read, NamedRepository named) {
        // Every event is sent before any acknowledgement is awaited; the outcomes keep the order of the plans.
        Publishing publishing = new Publishing(provider, deliveryId, named);
        if (read instanceof ProviderEvent.Changes changes) {
            publishing.ignored.addAll(changes.ignored());
            changes.changes().forEach(publishing::build);
        } else if (read instanceof ProviderEvent.PullRequestHead head) {
            publishing.preview(head);
        } else if (read instanceof ProviderEvent.PullRequestEnded ended) {
            publishing.end(ended);
            ended.mergeBuild().ifPresent(publishing::build);
        }
        return publishing.answer();
    }

    /** The events one delivery writes, and why parts of it write none. */
    private final class Publishing {
        private final Provider provider;
        private final String deliveryId;
        private final NamedRepository named;
        private final List<CompletableFuture<QueuedCommits.Outcome>> builds = new ArrayList<>();
        private final List<CompletableFuture<ClosedPullRequest>> closed = new ArrayList<>();
        private final List<String> ignored = new ArrayList<>();

        Publishing(Provider provider, String deliveryId, NamedRepository named) {
            this.provider = provider;
            this.deliveryId = deliveryId;
            this.named = named;
        }

        /** A new commit on a branch: built by every plan of the branch, once per plan and commit. */
        void build(BranchChange change) {
            List<BuildPlan> covering = plans.covering(named, change.branch());
            if (covering.isEmpty()) {
                ignored.add(uncovered(change.branch(), named));
            }
            for (BuildPlan plan : covering) {
                Optional<CommitSha> commit = resolve(plan, change.branch(), change.commit());
                if (commit.isEmpty()) {
                    ignored.add("merge commit " + change.commit() + " is no longer the head of branch " + Quoted.of(change.branch().value())
                            + ", so its full id is unknown; the push the merge made builds it");
                    continue;
                }
                EventId eventId = EventId.derived("webhook/" + provider.key() + "/" + deliveryId + "/" + plan.name() + "/" + change.branch());
                builds.add(commits.onceAsync(plan.name(), commit.get(), () -> publisher.publishAsync(eventId, plan, change.branch(),
                        commit.get(), change.author(), change.message(), change.trigger(), deliveryId, false)
                        .thenApply(build -> new QueuedCommits.Queued(build, deliveryId))));
            }
        }

        /**
         * A pull request's head: previewed by every plan of its target branch, once per request and
         * head. A fork's head is code from outside the team: only plans that allow forks build it.
         */
        void preview(ProviderEvent.PullRequestHead head) {
            PullRequest request = head.pullRequest();
            List<BuildPlan> covering = plans.covering(named, request.targetBranch());
            if (covering.isEmpty()) {
                ignored.add(uncovered(request.targetBranch(), named) + ", the target of pull request " + request);
            }
            for (BuildPlan plan : covering) {
                if (request.fromFork() && request.headRef() == null) {
                    ignored.add("pull request " + request + " comes from fork " + Quoted.of(head.headRepository()) + ", and "
                            + provider.displayName() + " keeps no ref of its head in the plan's repository, so it cannot be fetched");
                    continue;
                }
                if (request.fromFork() && !plan.buildForks()) {
                    ignored.add("pull request " + request + " comes from fork " + Quoted.of(head.headRepository())
                            + ", whose code is not built by default; to build and preview pull requests from forks, set slipway.plans."
                            + plan.name() + ".build-forks to true");
                    continue;
                }
                Optional<CommitSha> commit = resolve(plan, request.sourceBranch(), head.head());
                if (commit.isEmpty()) {
                    ignored.add("head " + head.head() + " of pull request " + request + " is no longer the head of branch "
                            + Quoted.of(request.sourceBranch().value()) + ", so its full id is unknown; the update that moved it builds the new head");
                    continue;
                }
                EventId eventId = EventId.derived("webhook/" + provider.key() + "/" + deliveryId + "/" + plan.name() + "/pr-" + request.number());
                builds.add(commits.oncePreviewAsync(plan.name(), request.number(), commit.get(), () -> publisher.publishPreviewAsync(eventId,
                                plan, request, commit.get(), head.author(), deliveryId)
                        .thenApply(build -> new QueuedCommits.Queued(build, deliveryId))));
            }
        }

        /**
         * A pull request ended: every plan of its target branch hears it, a fork's request too (a
         * preview that was never made is nothing to take down).
         */
        void end(ProviderEvent.PullRequestEnded ended) {
            List<BuildPlan> covering = plans.covering(named, ended.targetBranch());
            if (covering.isEmpty()) {
                ignored.add(uncovered(ended.targetBranch(), named) + ", the target of pull request #" + ended.number());
            }
            for (BuildPlan plan : covering) {
                EventId eventId = EventId.derived("webhook/" + provider.key() + "/" + deliveryId + "/" + plan.name() + "/pr-" + ended.number()
                        + "/" + ended.outcome().json());
                closed.add(publisher.publishClosedAsync(eventId, plan, ended.number(), ended.outcome(), deliveryId)
                        .whenComplete((done, failed) -> {
                            if (failed == null) {
                                commits.forgetPreviews(plan.name(), ended.number());
                            }
                        }));
            }
        }

        CompletableFuture<DeliveryAnswer> answer() {
            List<CompletableFuture<?>> all = new ArrayList<>(builds);
            all.addAll(closed);
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .thenApply(allAcknowledged -> DeliveryHandler.answer(deliveryId, builds.stream().map(CompletableFuture::join).toList(),
                            closed.stream().map(CompletableFuture::join).toList(), ignored));
        }
    }

    private static DeliveryAnswer answer(String deliveryId, List<QueuedCommits.Outcome> outcomes, List<ClosedPullRequest> closed,
                                         List<String> ignored) {
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
        if (!queued.isEmpty() || !closed.isEmpty()) {
            List<String> notBuilt = new ArrayList<>(ignored);
            notBuilt.addAll(alreadyQueued);
            return DeliveryAnswer.accepted(deliveryId, queued, closed, notBuilt);
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

    private String uncovered(BranchName branch, NamedRepository named) {
        String repository = Quoted.of(named.shown());
        return plans.knows(named)
                ? "no plan builds branch " + Quoted.of(branch.value()) + " of " + repository
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
