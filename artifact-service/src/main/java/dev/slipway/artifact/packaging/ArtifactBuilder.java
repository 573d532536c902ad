package dev.slipway.artifact.packaging;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.artifact.archive.SourceArchiver;
import dev.slipway.artifact.descriptor.DescriptorReader;
import dev.slipway.artifact.git.FetchedCommit;
import dev.slipway.artifact.git.MirrorCache;
import dev.slipway.artifact.git.RepositoryAllowList;
import dev.slipway.artifact.store.ArtifactStore;
import dev.slipway.artifact.store.StoredArchive;
import dev.slipway.artifact.store.StoredBuild;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.EventId;
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

/**
 * Turns a {@code CommitReceived} into a numbered, stored build and announces it with
 * {@code ArtifactStored}, or announces with {@code StageFailed} why it could not.
 *
 * <p>Kafka delivers at least once, so this is idempotent per event: the event id is looked up
 * first, and a build already recorded for it is announced again (the same event, with the same
 * id) rather than built a second time. The events this stage emits have ids derived from the
 * event they answer, so a consumer can recognise a repeat.
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
    private final Clock clock;

    public ArtifactBuilder(RepositoryAllowList allowList, MirrorCache mirrors, RetryPolicy fetchRetries,
                           DescriptorReader descriptors, SourceArchiver archiver, ArtifactStore store, ArtifactUrls urls,
                           EventPublisher publisher, EventsConfiguration events) {
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
        this.clock = Clock.systemUTC();
    }

    /**
     * @throws dev.slipway.events.kafka.EventNotPublishedException when the outcome could not be
     *         announced; the caller should let the event be delivered again
     * @throws CancellationException when the service is stopping; the event will be delivered again
     */
    public void build(CommitReceived received) {
        PipelineEvent outcome;
        try {
            Optional<StoredBuild> earlier = store.findByEvent(received.plan(), received.eventId());
            if (earlier.isPresent()) {
                LOG.info("Event {} was already stored as build {}: announcing it again", received.eventId(), earlier.get().build());
                outcome = announce(earlier.get());
            } else {
                StoredBuild stored = buildAndStore(received);
                LOG.info("Stored build {} of {} at {} ({} bytes, {})", stored.build(), received.repository(),
                        stored.commit().shortSha(), stored.sizeBytes(), stored.sha256());
                outcome = announce(stored);
            }
        } catch (CancellationException e) {
            throw e;
        } catch (UnreadableStateFileException e) {
            // One of the store's own files is damaged, not the repository. The message names the file; once it is
            // restored or moved aside, the same event builds, so the failure is worth trying again.
            LOG.error("Build of {} at {} for plan {} failed: {}", received.repository(), received.commit().shortSha(),
                    received.plan(), e.getMessage());
            outcome = failed(received, "the artifact service failed: " + e.getMessage(), true);
        } catch (BuildFailure failure) {
            LOG.warn("Build of {} at {} for plan {} failed ({}): {}", received.repository(), received.commit().shortSha(),
                    received.plan(), failure.retryable() ? "retryable" : "permanent", failure.getMessage());
            outcome = failed(received, failure.getMessage(), failure.retryable());
        } catch (IOException | RuntimeException e) {
            // A fault of this service (disk full, a bug), not of the repository: worth trying again once it is fixed.
            LOG.error("Build of {} at {} for plan {} failed unexpectedly", received.repository(), received.commit().shortSha(),
                    received.plan(), e);
            outcome = failed(received, "the artifact service failed: " + e, true);
        }
        publisher.publishAndWait(outcome, events.publishTimeout());
    }

    private StoredBuild buildAndStore(CommitReceived received) throws IOException {
        allowList.check(received.repository());
        try (FetchedCommit fetched = fetch(received)) {
            RevCommit commit = fetched.commit();
            BuildDescriptor descriptor = descriptors.read(fetched.repository(), commit, received.plan(), received.commit());
            StoredArchive archive = store.putArchive(out -> archiver.write(fetched.repository(), commit, out));
            Instant storedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            return store.record(received.plan(), received.eventId(), number -> new StoredBuild(
                    received.plan(), number, received.eventId(), storedAt, received.repository(), received.branch(),
                    received.commit(), commit.getCommitterIdent().getWhenAsInstant(), author(commit), message(commit),
                    received.trigger(), descriptor, archive.sha256(), archive.sizeBytes(),
                    urls.archive(new BuildId(received.plan(), number))));
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

    private StageFailed failed(CommitReceived received, String reason, boolean retryable) {
        return new StageFailed(EventId.derived("stage-failed:artifact:" + received.eventId()), received.eventId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), received.plan(), null, received.commit(), Stage.ARTIFACT,
                reason, retryable);
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
