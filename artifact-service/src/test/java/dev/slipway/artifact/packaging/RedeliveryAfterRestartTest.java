package dev.slipway.artifact.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.RunningArtifactService;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.events.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
        String group = RunningArtifactService.uniqueGroup("restart");
        Map<String, Object> properties = Map.of("slipway.artifact.git.allowed", repositories.toUri().toString());
        PlanName plan = SampleEvents.uniquePlan("restart");
        try (TestRepository repository = TestRepository.create(repositories, "shop")) {
            CommitSha first = repository.commit("main", "one", Map.of("a.txt", file("a")));
            CommitReceived event = RunningArtifactService.commitReceived(plan, repository.fileUrl(), first);

            ArtifactStored before;
            try (RunningArtifactService service = RunningArtifactService.start(group, data, properties)) {
                before = publishAndAwait(service, event);
            }
            try (RunningArtifactService restarted = RunningArtifactService.start(group, data, properties)) {
                ArtifactStored after = publishAndAwait(restarted, event);
                assertEquals(before, after, "the same build, announced with the same event");

                CommitSha second = repository.commit("main", "two", Map.of("a.txt", file("b")));
                ArtifactStored next = publishAndAwait(restarted,
                        RunningArtifactService.commitReceived(plan, repository.fileUrl(), second));
                assertEquals(2, next.build().number().value());

                JsonNode builds = EventCodec.json().readTree(restarted.get("/artifacts/" + plan).body()).get("builds");
                assertEquals(2, builds.size(), builds.toString());
            }
        } finally {
            Archives.deleteRecursively(data);
        }
    }

    private static ArtifactStored publishAndAwait(RunningArtifactService service, CommitReceived event) {
        try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
            service.publish(event);
            return EventCodec.fromRecord(reader.await(service.emitted(event.plan())
                    .and(r -> EventCodec.fromRecord(r, ArtifactStored.class).causationId().equals(event.eventId())), 1, WAIT).get(0),
                    ArtifactStored.class);
        }
    }
}
