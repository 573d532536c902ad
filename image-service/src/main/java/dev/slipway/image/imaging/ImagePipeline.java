package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.Stage;
import dev.slipway.image.BuildLog;
import dev.slipway.image.BuildStepException;
import dev.slipway.events.domain.Redacted;
import dev.slipway.image.artifact.ArchiveExtractor;
import dev.slipway.image.artifact.ArtifactDownloader;
import dev.slipway.image.docker.ImageBuildRequest;
import dev.slipway.image.docker.ImageBuilder;
import dev.slipway.image.dockerfile.DockerfileResolver;
import dev.slipway.image.dockerfile.ResolvedDockerfile;
import dev.slipway.image.records.BuildRecord;
import dev.slipway.image.records.BuildState;
import dev.slipway.image.records.BuildStore;
import dev.slipway.image.registry.ImagePusher;
import dev.slipway.image.registry.RegistryClient;
import dev.slipway.image.verify.ImageTestFailedException;
import dev.slipway.image.verify.ImageVerifier;
import dev.slipway.infrastructure.docker.DockerEngine;
import dev.slipway.infrastructure.docker.DockerEngineException;
import dev.slipway.infrastructure.retry.Retrier;
import dev.slipway.infrastructure.retry.RetryPolicy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The steps of one build, in order: download and check the archive, extract it, pick or generate
 * the Dockerfile, build, run the declared tests, push every tag, and check in the registry that
 * the pushed digest is the tested image. Each step updates the build's record; the end is
 * recorded as the event to emit.
 */
@Singleton
class ImagePipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePipeline.class);

    private final BuildStore store;
    private final BuildsConfiguration configuration;
    private final ArtifactDownloader downloader;
    private final ArchiveExtractor extractor;
    private final DockerfileResolver dockerfiles;
    private final ImageBuilder builder;
    private final ImageVerifier verifier;
    private final ImagePusher pusher;
    private final RegistryClient registry;
    private final DockerEngine docker;
    private final RetryPolicy retryPolicy;

    ImagePipeline(BuildStore store, BuildsConfiguration configuration, ArtifactDownloader downloader, ArchiveExtractor extractor,
                  DockerfileResolver dockerfiles, ImageBuilder builder, ImageVerifier verifier, ImagePusher pusher,
                  RegistryClient registry, DockerEngine docker, RetryPolicy retryPolicy) {
        this.store = store;
        this.configuration = configuration;
        this.downloader = downloader;
        this.extractor = extractor;
        this.dockerfiles = dockerfiles;
        this.builder = builder;
        this.verifier = verifier;
        this.pusher = pusher;
        this.registry = registry;
        this.docker = docker;
        this.retryPolicy = retryPolicy;
    }

    /**
     * Runs the build to its end and returns the finished record (its result not yet published).
     *
     * @throws CancellationException when the service is stopping; the record
     *         stays unfinished and the build runs again when the service starts
     */
    BuildRecord run(BuildRecord queued) {
        ArtifactStored artifact = queued.artifact();
        BuildRecord record = save(queued.started());
        Path scratch = null;
        StepTimes times = new StepTimes();
        try (BuildLog log = BuildLog.appendingTo(store.logFile(record.build()))) {
            log.line("build " + record.build() + " of " + Redacted.url(artifact.repository().value()) + " at " + artifact.commit());
            try {
                scratch = scratchDirectory(record);
                ImageReference pinned = buildTestAndPush(record, scratch, log, times);
                ImageBuilt built = new ImageBuilt(EventId.random(), artifact.eventId(), now(), record.build(), artifact.commit(),
                        pinned, record.tags(), artifact.descriptor(), artifact.pullRequest());
                log.line("timings: " + times.summary());
                log.line("pushed " + pinned);
                return finish(record, r -> r.succeeded(built));
            } catch (BuildStepException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("stopping");
                }
                if (e instanceof ImageTestFailedException) {
                    untag(record.tags(), log);
                }
                log.line("timings: " + times.summary());
                log.line("FAILED: " + e.getMessage());
                return finish(record, r -> r.failed(failure(artifact, e.getMessage(), e.retryable())));
            } catch (UncheckedIOException e) {
                log.line("FAILED: " + e.getMessage());
                LOG.error("Build {} failed on this service's own disk", record.build(), e);
                return finish(record, r -> r.failed(failure(artifact, "the image service could not use its disk: " + e.getMessage(), true)));
            } catch (CancellationException e) {
                log.line("interrupted: the service is stopping; the build runs again when it starts");
                throw e;
            } catch (RuntimeException e) {
                log.line("FAILED: unexpected " + e);
                LOG.error("Build {} failed unexpectedly", record.build(), e);
                return finish(record, r -> r.failed(failure(artifact, "unexpected error in the image service: " + e, true)));
            }
        } finally {
            if (scratch != null) {
                deleteRecursively(scratch);
            }
        }
    }

    /** The record as the steps left it (state, Dockerfile), with the result. */
    private BuildRecord finish(BuildRecord started, UnaryOperator<BuildRecord> result) {
        return save(result.apply(store.find(started.build()).orElse(started)));
    }

    private ImageReference buildTestAndPush(BuildRecord record, Path scratch, BuildLog log, StepTimes times) {
        ArtifactStored artifact = record.artifact();
        Path archive = scratch.resolve("source.tar.gz");
        Path context = scratch.resolve("context");
        times.begin("download");
        log.line("download " + Redacted.url(artifact.artifactUrl()));
        retrying("download", log, () -> downloader.download(artifact.artifactUrl(), artifact.sha256(), archive));
        log.line("sha256 matches " + artifact.sha256());
        times.begin("extract");
        try {
            Files.createDirectory(context);
            extractor.extract(archive, context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract into " + context, e);
        }

        times.begin("dockerfile");
        // The labels describe the source only (nothing per build), so the same commit builds the same image.
        ResolvedDockerfile dockerfile = dockerfiles.resolve(context, artifact.descriptor()).withLabels(ImageNaming.labels(artifact));
        times.aside(StepTimes.RECORDS, () -> {
            store.saveDockerfile(record.build(), dockerfile.content());
            return null;
        });
        BuildRecord building = save(record.withDockerfile(dockerfile.describe()).in(BuildState.BUILDING), times);
        times.begin("build");
        ImageBuildRequest request = new ImageBuildRequest(context, dockerfile, building.tags(), ImageNaming.buildArgs(artifact), scratch);
        String imageId = retrying("docker build", log, () -> builder.build(request, log));
        log.line("built image " + imageId);

        BuildRecord testing = save(building.in(BuildState.TESTING), times);
        times.begin("test");
        verifier.verify(imageId, testing.build(), artifact.descriptor(), log);

        BuildRecord pushing = save(testing.in(BuildState.PUSHING), times);
        times.begin("push");
        List<ImageReference> tags = pushing.tags();
        ImageReference pinned = retrying("push " + tags.get(0), log, () -> pushTested(imageId, tags, log));
        times.end();
        return pinned;
    }

    /**
     * Pushes the tested image under every tag and pins it by the digest of that push, once the
     * registry shows that the digest's manifest is the tested image. The tags are the plan's own,
     * but a tag on the engine can still be moved by someone else between the build and the push;
     * then the check fails and the whole step is tried again, so nothing but the tested image is
     * ever pinned.
     */
    private ImageReference pushTested(String imageId, List<ImageReference> tags, BuildLog log) {
        ImageReference versioned = tags.get(0);
        Optional<Digest> pushed = Optional.empty();
        for (ImageReference tag : tags) {
            Optional<Digest> digest = pusher.push(imageId, tag, log);
            if (tag.equals(versioned)) {
                pushed = digest;
            }
        }
        // An engine that reports no digest: ask the registry, and let the check below decide.
        ImageReference pinned = versioned.withDigest(pushed.orElseGet(() -> registry.digest(versioned)));
        registry.requireImage(pinned, imageId);
        log.line("the registry's manifest " + pinned.digest() + " is the tested image " + imageId);
        return pinned;
    }

    /**
     * Runs a step again, with backoff, while it fails for a passing reason; a permanent failure (a
     * broken Dockerfile) ends it at once. The tries show in the build's own log, and the give-up
     * says which step gave up after how many tries.
     *
     * @throws CancellationException when the service stops while the step runs or waits
     */
    private <T> T retrying(String step, BuildLog log, Retrier.Attempt<T, BuildStepException> attempt) {
        Retrier<BuildStepException> retrier = retryPolicy.retrying(BuildStepException.class, BuildStepException::retryable)
                .onRetry((what, tried, attempts, delay, failure) -> log.line(what + " failed (try " + tried + " of " + attempts
                        + "): " + failure.getMessage() + "; trying again in " + delay))
                .onGiveUp((last, attempts, spent) -> new GaveUpException(step, attempts, last));
        try {
            return retrier.run(step, attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during " + step);
        }
    }

    private void retrying(String step, BuildLog log, Retrier.VoidAttempt<BuildStepException> attempt) {
        retrying(step, log, () -> {
            attempt.run();
            return null;
        });
    }

    static StageFailed failure(ArtifactStored artifact, String reason, boolean retryable) {
        return new StageFailed(EventId.random(), artifact.eventId(), now(), artifact.plan(), artifact.build(), artifact.commit(),
                Stage.IMAGE, reason, retryable);
    }

    /**
     * An image that failed its tests must not be pushable by its registry name from this engine.
     * Its layers stay ({@code noPrune}) because they are the cache that makes the fixed build fast.
     */
    private void untag(List<ImageReference> tags, BuildLog log) {
        for (ImageReference tag : tags) {
            try {
                docker.run("remove the local tag " + tag, () -> docker.client().removeImageCmd(tag.toString()).withNoPrune(true).exec());
            } catch (DockerEngineException e) {
                log.line("could not remove the local tag " + tag + ": " + e.engineMessage());
            }
        }
    }

    private BuildRecord save(BuildRecord record) {
        store.save(record);
        return record;
    }

    private BuildRecord save(BuildRecord record, StepTimes times) {
        return times.aside(StepTimes.RECORDS, () -> save(record));
    }

    private Path scratchDirectory(BuildRecord record) {
        try {
            return Files.createDirectories(configuration.workDirectory()
                    .resolve(record.build().slug() + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory under " + configuration.workDirectory()
                    + " (slipway.image.builds.work-directory)", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up {}: {}", directory, e.toString());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
