package dev.slipway.artifact.packaging;

import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault of the service itself, here a store it cannot write (a disk remounted read-only), is
 * not dropped: the record is tried again for the configured, bounded time
 * ({@code slipway.events.listener-retry.*}), then parked on the dead-letter topic with its reason,
 * a {@code StageFailed} says so, and the records behind it are processed.
 */
class UnwritableStoreTest {

    @Test
    void aCommitTheStoreCannotTakeIsParkedWithItsReasonWithinSecondsAndTheNextOneIsBuilt() throws Exception {
        Path data = Files.createTempDirectory("artifact-unwritable-");
        Path repositories = Files.createDirectories(data.resolve("repositories"));
        Path store = Files.createDirectories(data.resolve("store"));
        PlanName plan = SampleEvents.uniquePlan("unwritable");
        try (TestRepository repository = TestRepository.create(repositories, "shop");
             RunningService service = ArtifactServiceFixture.on(data)
                     .property("slipway.artifact.git.allowed", repositories.toUri().toString())
                     .start()) {
            CommitSha first = repository.commit("main", "One", Map.of("index.html", file("one")));
            CommitReceived event = ArtifactServiceFixture.commitReceived(plan, repository.fileUrl(), first);
            readOnly(store, true);
            try (TopicReader parked = TopicReader.fromNow(Topics.deadLetter(Topics.COMMIT_RECEIVED));
                 TopicReader failures = TopicReader.fromNow(Topics.STAGE_FAILED)) {
                Instant sent = Instant.now();
                service.publish(event);

                ConsumerRecord<String, byte[]> dead = parked.await(plan.value(), 1, Duration.ofSeconds(60)).get(0);
                Duration held = Duration.between(sent, Instant.now());
                assertEquals(event, EventCodec.fromRecord(dead, CommitReceived.class), "the record itself is parked");
                String reason = CloudEventHeaders.read(dead.headers(), EventPublisher.DLT_REASON).orElse("");
                assertTrue(reason.startsWith("the artifact stage gave up on " + Topics.COMMIT_RECEIVED), reason);
                assertTrue(reason.contains(store.toString()), "the reason names what could not be written: " + reason);

                StageFailed failed = EventCodec.fromRecord(failures.await(service.emitted(plan), 1, Duration.ofSeconds(30)).get(0),
                        StageFailed.class);
                assertEquals(event.eventId(), failed.causationId());
                assertEquals(Stage.ARTIFACT, failed.stage());
                assertEquals(reason, failed.reason());
                assertTrue(failed.retryable(), "once the store is writable again the same commit builds");
                // The default retries (3 after 1 s, doubling) hold the partition about 7 s, not the ~17 minutes of before.
                assertTrue(held.toSeconds() < 30, "the partition was held for " + held);
            } finally {
                readOnly(store, false);
            }

            CommitSha second = repository.commit("main", "Two", Map.of("index.html", file("two")));
            ArtifactStored next = (ArtifactStored) ArtifactServiceFixture.outcome(service,
                    ArtifactServiceFixture.commitReceived(plan, repository.fileUrl(), second));
            assertEquals(1, next.build().number().value(), "the parked commit spent no number");
        } finally {
            Archives.deleteRecursively(data);
        }
    }

    /**
     * Makes the directory unwritable as a read-only disk is: root writes through permissions, so as
     * root the directory is made immutable instead ({@code chattr +i}).
     */
    private static void readOnly(Path directory, boolean readOnly) throws IOException, InterruptedException {
        if ("root".equals(System.getProperty("user.name"))) {
            Process chattr = new ProcessBuilder("chattr", readOnly ? "+i" : "-i", directory.toString()).inheritIO().start();
            assertEquals(0, chattr.waitFor(), "chattr failed");
        } else {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(readOnly ? "r-xr-xr-x" : "rwxr-xr-x"));
        }
    }
}
