package dev.slipway.artifact.packaging;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.events.domain.Redacted;
import dev.slipway.artifact.archive.SourceArchiver;
import dev.slipway.artifact.descriptor.DescriptorReader;
import dev.slipway.artifact.git.FetchedCommit;
import dev.slipway.artifact.git.MirrorCache;
import dev.slipway.artifact.git.RepositoryAllowList;
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
        if (!received.rebuild()) {
            Optional<StoredBuild> built = store.findByCommit(received.plan(), received.commit());
            if (built.isPresent()) {
                LOG.info("Commit {} of plan {} ({} event {}) is build {} already: announcing that build again, not a second one",
                        received.commit().shortSha(), received.plan(), received.trigger().json(), received.eventId(), built.get().build());
                return built.get();
            }
        }
        // Only now does real work begin (a fetch, an archive, a number): an event answered from the store above, or
        // refused by the allow-list, is never reported as started.
        progress.report(started(received));
        StoredBuild stored = buildAndStore(received);
        if (stored.commitReceivedId().equals(received.eventId())) {
            LOG.info("Stored build {} of {} at {} ({} bytes, {}){}", stored.build(), repository(received), stored.commit().shortSha(),
                    stored.sizeBytes(), stored.sha256(), received.rebuild() ? ", a rebuild that was asked for" : "");
        } else {
            LOG.info("Commit {} of plan {} was stored as build {} meanwhile: announcing that build", received.commit().shortSha(),
                    received.plan(), stored.build());
        }
        return stored;
    }

    private StoredBuild buildAndStore(CommitReceived received) throws IOException {
        try (FetchedCommit fetched = fetch(received)) {
            RevCommit commit = fetched.commit();
            BuildDescriptor descriptor = descriptors.read(fetched.repository(), commit, received.plan(), received.commit());
            StoredArchive archive = store.putArchive(out -> archiver.write(fetched.repository(), commit, out));
            Instant storedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Function<BuildNumber, StoredBuild> build = number -> new StoredBuild(
                    received.plan(), number, received.eventId(), storedAt, received.repository(), received.branch(),
                    received.commit(), commit.getCommitterIdent().getWhenAsInstant(), author(commit), message(commit),
                    received.trigger(), descriptor, archive.sha256(), archive.sizeBytes(),
                    urls.archive(new BuildId(received.plan(), number)));
            return received.rebuild()
                    ? store.record(received.plan(), received.eventId(), build)
                    : store.recordUnlessBuilt(received.plan(), received.eventId(), received.commit(), build);
        }
    }

    /** @throws CancellationException when the service stops while a fetch waits to be tried again */
    private FetchedCommit fetch(CommitReceived received) {
        try {
            return fetchRetries.run("Fetching " + received.repository(),
                    () -> mirrors.fetch(received.repository(), received.branch(), received.commit()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while fetching " + received.repository() + " or waiting to try again");
        }
    }

    private static ArtifactStored announce(StoredBuild build) {
        return new ArtifactStored(EventId.derived("artifact-stored:" + build.commitReceivedId()), build.commitReceivedId(),
                build.storedAt(), build.build(), build.repository(), build.branch(), build.commit(), build.commitTime(),
                build.artifactUrl(), build.sha256(), build.sizeBytes(), build.descriptor());
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
