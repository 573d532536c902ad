package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.image.records.BuildRecord;
import dev.slipway.image.records.BuildStore;
import dev.slipway.image.registry.RegistryConfiguration;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.events.ProgressReports;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import dev.slipway.infrastructure.retry.Retrier;
import dev.slipway.infrastructure.retry.RetryPolicy;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Accepts build requests and runs them, at most {@code concurrency} at a time, the rest queued in
 * order of arrival. A request is recorded before it is queued, so a build survives a restart: the
 * service picks up unfinished builds when it starts.
 *
 * <p>Kafka delivers at least once. A request for a build that already has a record, by build id or
 * by event id, never builds or pushes again: a finished build's recorded result is emitted again
 * (the very same event, same id, so downstream stages recognise it), and one still queued or
 * running is left to finish.
 */
@Singleton
public class BuildService {
    private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

    private final BuildStore store;
    private final ImagePipeline pipeline;
    private final EventPublisher publisher;
    private final EventsConfiguration events;
    private final ProgressReports progress;
    private final Retrier<EventNotPublishedException> publishing;
    private final String registry;
    private final ExecutorService builders;
    private final Pattern plans;
    private final Set<BuildId> active = ConcurrentHashMap.newKeySet();

    BuildService(BuildStore store, ImagePipeline pipeline, EventPublisher publisher, BuildsConfiguration configuration,
                 EventsConfiguration events, ProgressReports progress, RetryPolicy retryPolicy, RegistryConfiguration registry) {
        this.store = store;
        this.pipeline = pipeline;
        this.publisher = publisher;
        this.events = events;
        this.progress = progress;
        // A broker that is away may be back in a moment: every failure to publish is worth another try.
        this.publishing = retryPolicy.retrying(EventNotPublishedException.class, notPublished -> true);
        this.registry = registry.address();
        this.plans = Pattern.compile(configuration.planPattern());
        this.builders = Executors.newFixedThreadPool(configuration.concurrency(), new NamedThreads());
    }

    /**
     * Whether this instance builds the plan ({@code slipway.image.builds.plan-pattern}). Asked with
     * the record key before a record is even read, so that records of plans another instance owns
     * are neither built nor dead-lettered here.
     */
    public boolean handles(String plan) {
        return plans.matcher(plan == null ? "" : plan).matches();
    }

    /**
     * Records the request and queues the build, or answers a repeated request from the record. A
     * record that cannot be read is left as it is for a person to look at, and the request is
     * answered with a {@code StageFailed} that names the file.
     */
    public synchronized void accept(ArtifactStored artifact) {
        if (!handles(artifact.plan().value())) {
            LOG.debug("Skipping {}: plan is not matched by slipway.image.builds.plan-pattern", artifact.build());
            return;
        }
        BuildId build;
        Optional<BuildRecord> existing;
        try {
            build = store.findByEvent(artifact.eventId()).orElse(artifact.build());
            existing = store.find(build);
        } catch (UnreadableStateFileException e) {
            LOG.error("Build {} cannot be answered: {}", artifact.build(), e.getMessage());
            // If this cannot be emitted either, the failure goes back to the listener, which tries the
            // request again and dead-letters it in the end: the request is never dropped silently.
            try {
                emit(ImagePipeline.failure(artifact, e.getMessage(), true));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                throw new CancellationException("stopping before the failure of " + artifact.build() + " was emitted");
            }
            return;
        }
        if (existing.isPresent()) {
            BuildRecord record = existing.get();
            if (record.state().finished()) {
                LOG.info("Build {} already {}; emitting its recorded result again", build, record.state().json());
                publish(record);
            } else if (active.contains(build)) {
                LOG.info("Build {} is already {}; ignoring the repeated request", build, record.state().json());
            } else {
                submit(record);
            }
            return;
        }
        BuildRecord queued = BuildRecord.queued(artifact, ImageNaming.tags(registry, artifact));
        store.save(queued);
        store.rememberEvent(artifact.eventId(), build);
        LOG.info("Build {} queued ({} running)", build, active.size());
        submit(queued);
    }

    /**
     * Builds that a stopped service left unfinished run again; results it could not emit are
     * emitted. A record that cannot be read is reported and skipped: it must not keep the service,
     * and every other build, from starting.
     */
    @EventListener
    synchronized void onStartup(StartupEvent event) {
        for (BuildRecord record : store.all(unreadable -> LOG.error("Not resuming a build: {}", unreadable.getMessage()))) {
            if (!record.state().finished() && !active.contains(record.build())) {
                LOG.info("Resuming build {} (it was {} when the service stopped)", record.build(), record.state().json());
                submit(record);
            } else if (record.state().finished() && !record.resultPublished()) {
                publish(record);
            }
        }
    }

    private void submit(BuildRecord record) {
        active.add(record.build());
        builders.execute(() -> {
            try {
                reportStarted(record.artifact());
                BuildRecord finished = pipeline.run(record);
                LOG.info("Build {} {}", finished.build(), finished.state().json());
                publish(finished);
            } catch (CancellationException stopping) {
                LOG.info("Build {} interrupted; it runs again when the service starts", record.build());
            } catch (RuntimeException e) {
                LOG.error("Build {} could not be run", record.build(), e);
            } finally {
                active.remove(record.build());
            }
        });
    }

    /**
     * Emits the recorded result and notes that the broker has it. A broker that stays away leaves
     * the note unset; the next start of the service, or a redelivered request, emits it then.
     */
    private void publish(BuildRecord record) {
        try {
            emit(record.result());
        } catch (EventNotPublishedException e) {
            LOG.error("Build {} is {} but its result could not be emitted ({}); it is emitted again on the next start",
                    record.build(), record.state().json(), e.getMessage());
            return;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!record.resultPublished()) {
            store.save(record.published());
        }
    }

    /**
     * Tells the people following the build (status-service) that a builder took it up now, as it is about to
     * download the archive; queued builds wait for a free builder first. No stage acts on it, so a broker that does
     * not take it costs a warning, never the build: it is not tried again. A build resumed after a restart starts
     * again, and says so again (this service's events have ids of their own, not derived ones).
     */
    private void reportStarted(ArtifactStored artifact) {
        progress.report(new StageProgressed(EventId.random(), artifact.eventId(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), artifact.plan(), artifact.build(), artifact.commit(),
                Stage.IMAGE, null, Progress.STARTED, null));
    }

    /** Emits the event, trying again while the broker stays away. */
    private void emit(PipelineEvent event) throws InterruptedException {
        publishing.run("emit " + event.type().topic() + " for " + event.subject(),
                () -> publisher.publishAndWait(event, events.publishTimeout()));
    }

    /** Builds that were interrupted stay unfinished in the store, and run again on the next start. */
    @PreDestroy
    void stop() throws InterruptedException {
        builders.shutdownNow();
        builders.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "image-build-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
