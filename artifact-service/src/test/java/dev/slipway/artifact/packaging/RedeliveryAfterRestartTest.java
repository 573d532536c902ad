package dev.slipway.artifact.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Build numbers survive the process: a service restarted on the same store gives an event it has
 * seen before the number it gave then, and announces the same {@code ArtifactStored} again.
 */
class RedeliveryAfterRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anEventRedeliveredAfterARestartKeepsItsBuildAndTheNextEventGetsTheNextNumber() throws Exception {
        Path data = Files.createTempDirectory("artifact-restart-");
        Path repositories = Files.createDirectories(data.resolve("repositories"));
        // One consumer group for both starts: the second is a restart of the first.
        String group = "artifact-test-restart-" + UUID.randomUUID();
        PlanName plan = SampleEvents.uniquePlan("restart");
        try (TestRepository repository = TestRepository.create(repositories, "shop")) {
            CommitSha first = repository.commit("main", "one", Map.of("a.txt", file("a")));
            CommitReceived event = ArtifactServiceFixture.commitReceived(plan, repository.fileUrl(), first);

            ArtifactStored before;
            try (RunningService service = start(data, repositories, group)) {
                before = publishAndAwait(service, event);
            }
            try (RunningService restarted = start(data, repositories, group)) {
                ArtifactStored after = publishAndAwait(restarted, event);
                assertEquals(before, after, "the same build, announced with the same event");

                CommitSha second = repository.commit("main", "two", Map.of("a.txt", file("b")));
                ArtifactStored next = publishAndAwait(restarted,
                        ArtifactServiceFixture.commitReceived(plan, repository.fileUrl(), second));
                assertEquals(2, next.build().number().value());

                JsonNode builds = restarted.get("/artifacts/" + plan).json().get("builds");
                assertEquals(2, builds.size(), builds.toString());
            }
        } finally {
            Archives.deleteRecursively(data);
        }
    }

    private static RunningService start(Path data, Path repositories, String group) {
        return ArtifactServiceFixture.on(data)
                .consuming(PipelineConsumer.ARTIFACT_SERVICE, group)
                .property("slipway.artifact.git.allowed", repositories.toUri().toString())
                .start();
    }

    private static ArtifactStored publishAndAwait(RunningService service, CommitReceived event) {
        try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
            service.publish(event);
            return EventCodec.fromRecord(reader.await(service.emitted(event.plan())
                    .and(r -> EventCodec.fromRecord(r, ArtifactStored.class).causationId().equals(event.eventId())), 1, WAIT).get(0),
                    ArtifactStored.class);
        }
    }
}
