package dev.slipway.artifact.packaging;

import dev.slipway.artifact.archive.ArchiveConfiguration;
import dev.slipway.artifact.archive.SourceArchiver;
import dev.slipway.artifact.descriptor.DescriptorConfiguration;
import dev.slipway.artifact.descriptor.DescriptorReader;
import dev.slipway.artifact.git.GitConfiguration;
import dev.slipway.artifact.git.GitCredentials;
import dev.slipway.artifact.git.MirrorCache;
import dev.slipway.artifact.git.RepositoryAllowList;
import dev.slipway.infrastructure.events.ProgressReports;
import dev.slipway.artifact.store.FilesystemArtifactStore;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.retry.RetryPolicy;
import dev.slipway.testing.FreePorts;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.slipway.artifact.testing.ArtifactServiceFixture.commitReceived;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A service that stops while a fetch waits to be tried again ends that work without an outcome:
 * the event is neither built nor failed, so it is delivered again after the next start.
 */
class ArtifactBuilderTest {
    @TempDir
    Path temp;

    @Test
    void anInterruptionWhileAFetchWaitsToBeTriedAgainCancelsTheWorkAndAnnouncesNothing() throws Exception {
        int closedPort = FreePorts.next();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(producer, new EventCodec("/slipway/artifact-service-test"));
        EventsConfiguration events = new EventsConfiguration(3, (short) 1, Duration.ofSeconds(10), false);
        ArtifactBuilder builder = new ArtifactBuilder(
                new RepositoryAllowList(List.of("127.0.0.1:" + closedPort)),
                new MirrorCache(new GitConfiguration(temp.resolve("mirrors"), List.of(), Duration.ofSeconds(5)),
                        new GitCredentials(List.of())),
                new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1)),
                new DescriptorReader(new DescriptorConfiguration(65536, 500)),
                new SourceArchiver(new ArchiveConfiguration(1 << 20, 6)),
                new FilesystemArtifactStore(temp.resolve("store")),
                new ArtifactUrls(new ArtifactServiceConfiguration(URI.create("http://127.0.0.1:8082"))),
                publisher, events, new ProgressReports(publisher, events));
        PlanName plan = SampleEvents.uniquePlan("interrupted");
        CommitReceived event = commitReceived(plan, "git://127.0.0.1:" + closedPort + "/shop.git", SampleEvents.COMMIT);

        // A thread of its own, as the Kafka listener's is: the interruption must not outlive the test.
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                builder.build(event);
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        }, "artifact-builder-test");
        worker.start();
        // The first try fails at once (connection refused); then it waits a minute to try again.
        await("the fetch waiting to be tried again").atMost(Duration.ofSeconds(30))
                .until(() -> worker.getState() == Thread.State.TIMED_WAITING);
        worker.interrupt();

        Throwable thrown = ended.get(10, TimeUnit.SECONDS);
        assertInstanceOf(CancellationException.class, thrown, String.valueOf(thrown));
        // The work had begun (the fetch was tried), so its start was reported; how it ended is not.
        assertEquals(List.of(Topics.STAGE_PROGRESSED), producer.history().stream().map(r -> r.topic()).toList(),
                "no outcome is announced: " + producer.history());
    }
}
