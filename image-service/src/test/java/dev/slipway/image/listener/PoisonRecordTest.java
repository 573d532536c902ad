package dev.slipway.image.listener;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request the service cannot even record (its build storage is unusable for that plan) is not
 * retried for a quarter of an hour and then skipped: after the configured retries it is parked on
 * {@code slipway.artifact-stored.dlt} with the reason, a {@code StageFailed} says so, and the
 * partition moves on.
 */
class PoisonRecordTest {

    @Test
    void aRequestThatKeepsFailingIsParkedWithItsReasonAndReportedWithinTheBoundedTime(@TempDir Path data) throws Exception {
        PlanName plan = ImageServiceUnderTest.uniquePlan("poison");
        Path blocked = data.resolve("builds").resolve(plan.value());
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "a file where the plan's directory belongs: every record of this plan fails\n");
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo after-the-poison\n").bytes();

        try (ArtifactServer artifacts = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of());
             TopicReader parked = TopicReader.fromNow(Topics.deadLetter(Topics.ARTIFACT_STORED))) {
            ArtifactStored poison = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                    Artifacts.descriptor(plan).build());
            Instant sent = Instant.now();
            service.send(poison);

            StageFailed failed = service.awaitFailed(plan, Duration.ofSeconds(60));
            Duration held = Duration.between(sent, Instant.now());
            assertTrue(held.compareTo(Duration.ofSeconds(30)) < 0,
                    "the record held its partition for the configured retries (about 7 s), not minutes: " + held);
            assertEquals(Stage.IMAGE, failed.stage());
            assertEquals(poison.eventId(), failed.causationId());
            assertEquals(poison.build(), failed.build());
            assertTrue(failed.retryable(), "it may pass once the storage is repaired");
            assertTrue(failed.reason().startsWith("the image stage gave up on " + Topics.ARTIFACT_STORED), failed.reason());
            assertTrue(failed.reason().contains(blocked.toString()), "the reason names what failed: " + failed.reason());

            ConsumerRecord<String, byte[]> dead = parked.await(
                    r -> poison.eventId().toString().equals(CloudEventHeaders.read(r.headers(), CloudEventHeaders.ID).orElse(null)),
                    1, Duration.ofSeconds(30)).get(0);
            assertEquals(poison, EventCodec.fromRecord(dead, ArtifactStored.class), "the request itself is parked, unchanged");
            assertEquals(failed.reason(), CloudEventHeaders.read(dead.headers(), EventPublisher.DLT_REASON).orElse(""));

            Files.delete(blocked);
            ArtifactStored next = Artifacts.stored(plan, 2, artifacts.serve("/a/" + plan + "/2.tar.gz", archive), archive,
                    Artifacts.descriptor(plan).build());
            service.send(next);
            assertEquals(next.build(), service.awaitBuilt(plan, Duration.ofMinutes(2)).build(), "the partition moved on to the next request");
            docker.removeImagesOf(plan);
        }
    }
}
