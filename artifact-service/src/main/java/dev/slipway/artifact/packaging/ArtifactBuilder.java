package dev.slipway.artifact.packaging;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.events.domain.Redacted;
import dev.slipway.artifact.archive.SourceArchiver;
import dev.slipway.artifact.descriptor.DescriptorReader;
import dev.slipway.artifact.git.FetchedCommit;
import dev.slipway.artifact.git.ForkNotPreviewableException;
import dev.slipway.artifact.git.MirrorCache;
import dev.slipway.artifact.git.RepositoryAllowList;
import dev.slipway.artifact.git.SourceRef;
import dev.slipway.infrastructure.events.ProgressReports;
import dev.slipway.artifact.store.ArtifactStore;
import dev.slipway.artifact.store.StoredArchive;
import dev.slipway.artifact.store.StoredBuild;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import dev.slipway.infrastructure.retry.Retrier;
import dev.slipway.infrastructure.retry.RetryPolicy;
import jakarta.inject.Singleton;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * Turns a {@code CommitReceived} into a numbered, stored build and announces it with
 * {@code ArtifactStored}, or announces with {@code StageFailed} why it could not.
 *
 * <p>Kafka delivers at least once, so this is idempotent per event: the event id is looked up
 * first, and a build already recorded for it is announced again (the same event, with the same
 * id) rather than built a second time. It is idempotent per commit too: a plan's commit is built
 * once however many events name it (a merge arrives as a push and as a merge; a signed delivery
 * can be replayed), and every later event is answered with that build's very {@code ArtifactStored},
 * unless it asks for a rebuild. The events this stage emits have ids derived from the event they
 * answer, so a consumer can recognise a repeat.
 *
 * <p>A pull request's commit (a preview) is built the same way and numbered among the plan's
 * builds, but it is never recognised as "the same build" as another event's: not as the commit's
 * build for the plan's branch (its {@code ArtifactStored} sends it to the request's preview only,
 * so a merged commit would never reach the plan's environments), and not even as the same
 * request's earlier build of that head, because each preview event carries when Slipway was told
 * of the head ({@code PullRequest.requestedAt}), which is how a reopened request's preview is told
 * from one built before the request closed. Only a redelivery of the same event is answered again.
 * Every other preview event is a new number (the archive is stored once, by content; the image
 * service's cache makes the image again quickly). Neither does a branch build ever take a
 * preview's number: the commit index keeps them apart.
 */
@Singleton
public final class ArtifactBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactBuilder.class);

    private final RepositoryAllowList allowList;
    private final MirrorCache mirrors;
    private final Retrier<BuildFailure> fetchRetries;
    private final DescriptorReader descriptors;
    private final SourceArchiver archiver;
    private final ArtifactStore store;
    private final ArtifactUrls urls;
    private final EventPublisher publisher;
    private final EventsConfiguration events;
    private final ProgressReports progress;
    private final Clock clock;

    public ArtifactBuilder(RepositoryAllowList allowList, MirrorCache mirrors, RetryPolicy fetchRetries,
                           DescriptorReader descriptors, SourceArchiver archiver, ArtifactStore store, ArtifactUrls urls,
                           EventPublisher publisher, EventsConfiguration events, ProgressReports progress) {
        this.allowList = allowList;
        this.mirrors = mirrors;
        // A retryable failure (a Git host that is down) is tried again; any other ends the build at once.
        this.fetchRetries = fetchRetries.retrying(BuildFailure.class, BuildFailure::retryable)
                .onGiveUp(RetriesExhaustedException::new);
        this.descriptors = descriptors;
        this.archiver = archiver;
        this.store = store;
        this.urls = urls;
        this.publisher = publisher;
        this.events = events;
        this.progress = progress;
        this.clock = Clock.systemUTC();
    }

    /**
     * @throws dev.slipway.events.kafka.EventNotPublishedException when the outcome could not be
     *         announced; the caller should let the event be delivered again
     * @throws ArtifactServiceFault when this service failed (a store it cannot write, a bug); the
     *         caller should try the event again for a while, then park it
     * @throws CancellationException when the service is stopping; the event will be delivered again
     */
    public void build(CommitReceived received) {
        PipelineEvent outcome;
        try {
            outcome = announce(answer(received));
        } catch (CancellationException e) {
            throw e;
        } catch (UnreadableStateFileException e) {
            // One of the store's own files is damaged, not the repository. The message names the file; once it is
            // restored or moved aside, the same event builds, so the failure is worth trying again.
            LOG.error("Build of {} at {} for plan {} failed: {}", repository(received), received.commit().shortSha(),
                    received.plan(), e.getMessage());
            outcome = failed(received, "the artifact service failed: " + e.getMessage(), true);
        } catch (BuildFailure failure) {
            LOG.warn("Build of {} at {} for plan {} failed ({}): {}", repository(received), received.commit().shortSha(),
                    received.plan(), failure.retryable() ? "retryable" : "permanent", Redacted.urlsIn(failure.getMessage()));
            outcome = failed(received, failure.getMessage(), failure.retryable());
        } catch (IOException | RuntimeException e) {
            // A fault of this service (disk full, a bug), not of the repository: it may pass, so the record is tried
            // again, and parked with a StageFailed if it does not.
            LOG.error("Build of {} at {} for plan {} failed unexpectedly", repository(received), received.commit().shortSha(),
                    received.plan(), e);
            throw new ArtifactServiceFault(e);
        }
        publisher.publishAndWait(outcome, events.publishTimeout());
    }

    /**
     * The build that answers the event: the one recorded for it, else the plan's build of the same
     * commit (one build per commit: a push and its merge, a replayed delivery), else a new one. A
     * rebuild that was asked for is always a new one.
     */
    private StoredBuild answer(CommitReceived received) throws IOException {
        Optional<StoredBuild> earlier = store.findByEvent(received.plan(), received.eventId());
        if (earlier.isPresent()) {
            LOG.info("Event {} was already stored as build {}: announcing it again", received.eventId(), earlier.get().build());
            return earlier.get();
        }
        allowList.check(received.repository());
        SourceRef source = source(received);
        if (!received.rebuild() && received.pullRequest() == null) {
            Optional<StoredBuild> built = store.findByCommit(received.plan(), received.commit());
            if (built.isPresent()) {
                LOG.info("Commit {} of plan {} ({} event {}) is build {} already: announcing that build again, not a second one",
                        received.commit().shortSha(), received.plan(), received.trigger().json(), received.eventId(), built.get().build());
                return built.get();
            }
        }
        // Only now does real work begin (a fetch, an archive, a number): an event answered from the store above, or
        // refused by the allow-list or as a fork's request that cannot be previewed, is never reported as started.
        progress.report(started(received));
        StoredBuild stored = buildAndStore(received, source);
        if (stored.commitReceivedId().equals(received.eventId())) {
            LOG.info("Stored build {} of {} at {} ({} bytes, {}){}{}", stored.build(), repository(received), stored.commit().shortSha(),
                    stored.sizeBytes(), stored.sha256(), received.rebuild() ? ", a rebuild that was asked for" : "",
                    received.pullRequest() == null ? "" : ", the preview of pull request " + received.pullRequest());
        } else {
            LOG.info("Commit {} of plan {} was stored as build {} meanwhile: announcing that build", received.commit().shortSha(),
                    received.plan(), stored.build());
        }
        return stored;
    }

    /**
     * Where the commit must be: the branch the event names (the plan's own, or a same-repository pull
     * request's source branch), or for a pull request from a fork the ref where the host keeps its head
     * in the plan's repository. A fork's own repository is never fetched: the allow-list and the
     * credentials are the plan repository's, and the fork's URL is not even in the event.
     *
     * @throws ForkNotPreviewableException for a fork's pull request whose host keeps no such ref
     */
    private static SourceRef source(CommitReceived received) {
        PullRequest pullRequest = received.pullRequest();
        if (pullRequest == null || !pullRequest.fromFork()) {
            return SourceRef.branch(received.branch());
        }
        if (pullRequest.headRef() == null) {
            String host = received.repository().host().isEmpty() ? "this repository's host" : received.repository().host();
            throw new ForkNotPreviewableException("pull request " + pullRequest + " comes from a fork, and " + host
                    + " keeps no ref of its head in the plan's repository (Bitbucket Cloud keeps none): pull requests from forks"
                    + " cannot be previewed from this provider; only pull requests from branches of the repository itself can");
        }
        return SourceRef.pullRequestHead(pullRequest.headRef());
    }

    private StoredBuild buildAndStore(CommitReceived received, SourceRef source) throws IOException {
        try (FetchedCommit fetched = fetch(received, source)) {
            RevCommit commit = fetched.commit();
            BuildDescriptor descriptor = descriptors.read(fetched.repository(), commit, received.plan(), received.commit());
            StoredArchive archive = store.putArchive(out -> archiver.write(fetched.repository(), commit, out));
            Instant storedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Function<BuildNumber, StoredBuild> build = number -> new StoredBuild(
                    received.plan(), number, received.eventId(), storedAt, received.repository(), received.branch(),
                    received.commit(), commit.getCommitterIdent().getWhenAsInstant(), author(commit), message(commit),
                    received.trigger(), descriptor, archive.sha256(), archive.sizeBytes(),
                    urls.archive(new BuildId(received.plan(), number)), received.pullRequest());
            return received.rebuild() || received.pullRequest() != null
                    ? store.record(received.plan(), received.eventId(), build)
                    : store.recordUnlessBuilt(received.plan(), received.eventId(), received.commit(), build);
        }
    }

    /** @throws CancellationException when the service stops while a fetch waits to be tried again */
    private FetchedCommit fetch(CommitReceived received, SourceRef source) {
        try {
            return fetchRetries.run("Fetching " + received.repository(),
                    () -> mirrors.fetch(received.repository(), source, received.commit()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while fetching " + received.repository() + " or waiting to try again");
        }
    }

    private static ArtifactStored announce(StoredBuild build) {
        return new ArtifactStored(EventId.derived("artifact-stored:" + build.commitReceivedId()), build.commitReceivedId(),
                build.storedAt(), build.build(), build.repository(), build.branch(), build.commit(), build.commitTime(),
                build.artifactUrl(), build.sha256(), build.sizeBytes(), build.descriptor(), build.pullRequest());
    }

    /**
     * The build has no number yet: one is only spent on a stored build. The id is derived from the event, so a
     * redelivery that finds no build yet (the service stopped mid-build) reports the same start again, not a second one.
     */
    private StageProgressed started(CommitReceived received) {
        return new StageProgressed(EventId.derived("stage-progressed:artifact:started:" + received.eventId()), received.eventId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), received.plan(), null, received.commit(), Stage.ARTIFACT,
                null, Progress.STARTED, null);
    }

    /** The reason is scrubbed of credentials: JGit's messages carry URLs, and a URL may carry a token. */
    private StageFailed failed(CommitReceived received, String reason, boolean retryable) {
        return new StageFailed(EventId.derived("stage-failed:artifact:" + received.eventId()), received.eventId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), received.plan(), null, received.commit(), Stage.ARTIFACT,
                Redacted.urlsIn(reason), retryable);
    }

    /** The event's repository as log lines show it: without user info. */
    private static String repository(CommitReceived received) {
        return Redacted.url(received.repository().value());
    }

    /** Git allows an empty author name; the contract does not. */
    private static Author author(RevCommit commit) {
        PersonIdent ident = commit.getAuthorIdent();
        String name = ident.getName() == null || ident.getName().isBlank() ? ident.getEmailAddress() : ident.getName();
        return name == null || name.isBlank() ? null : Author.of(name, ident.getEmailAddress());
    }

    private static String message(RevCommit commit) {
        String message = commit.getFullMessage();
        return message.length() > CommitReceived.MAX_MESSAGE_LENGTH
                ? message.substring(0, CommitReceived.MAX_MESSAGE_LENGTH - 1) + "…"
                : message;
    }
}
