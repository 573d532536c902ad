package dev.slipway.artifact.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * One build per plan and commit, whatever number of events name it: a merge that arrives both as
 * a push and as a merge, a signed delivery replayed under a new delivery id, the webhook service
 * announcing again after a restart. Each later event is answered with the very {@code ArtifactStored}
 * of the first (same event id), so later stages recognise it and nothing is redeployed. Only a
 * deliberate rebuild gets a new number.
 */
class OneBuildPerCommitTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aPushAndItsMergeAndAReplayAfterARestartAreOneBuildAndARebuildIsANewOne() throws Exception {
        Path data = Files.createTempDirectory("artifact-once-");
        Path repositories = Files.createDirectories(data.resolve("repositories"));
        String group = "artifact-test-once-" + UUID.randomUUID();
        PlanName plan = SampleEvents.uniquePlan("once");
        try (TestRepository repository = TestRepository.create(repositories, "shop")) {
            CommitSha merged = repository.commit("main", "Merge pull request #7", Map.of("index.html", file("<h1>v2</h1>")));
            String url = repository.fileUrl();
            CommitReceived push = ArtifactServiceFixture.commitReceived(plan, url, "main", merged, Trigger.PUSH, false);
            CommitReceived merge = ArtifactServiceFixture.commitReceived(plan, url, "main", merged, Trigger.MERGE, false);

            ArtifactStored first;
            try (RunningService service = start(data, repositories, group);
                 TopicReader progress = TopicReader.fromNow(Topics.STAGE_PROGRESSED)) {
                List<ArtifactStored> answers = announced(service, plan, 2, push, merge);
                first = answers.get(0);
                assertEquals(1, first.build().number().value());
                assertEquals(push.eventId(), first.causationId());
                assertEquals(first, answers.get(1), "the merge is answered with the push's very event, not a second build");
                assertEquals(1, builds(service, plan).size(), builds(service, plan).toString());
                // Only the push was real work; the merge was answered from the store, so it never started.
                assertEquals(List.of(push.eventId()), progress.drain(plan.value(), Duration.ofSeconds(1)).stream()
                        .filter(service.emitted(plan))
                        .map(r -> EventCodec.fromRecord(r, StageProgressed.class).causationId()).toList());
            }

            try (RunningService restarted = start(data, repositories, group)) {
                CommitReceived replayed = ArtifactServiceFixture.commitReceived(plan, url, "main", merged, Trigger.PUSH, false);
                assertEquals(first, announced(restarted, plan, 1, replayed).get(0), "a replay after a restart is the same build");

                CommitReceived rebuild = ArtifactServiceFixture.commitReceived(plan, url, "main", merged, Trigger.MANUAL, true);
                ArtifactStored rebuilt = announced(restarted, plan, 1, rebuild).get(0);
                assertEquals(2, rebuilt.build().number().value(), "a rebuild asked for is a new build");
                assertEquals(rebuild.eventId(), rebuilt.causationId());
                assertNotEquals(first.eventId(), rebuilt.eventId());

                CommitReceived late = ArtifactServiceFixture.commitReceived(plan, url, "main", merged, Trigger.PUSH, false);
                assertEquals(rebuilt, announced(restarted, plan, 1, late).get(0), "after a rebuild, the commit's newest build answers");
                assertEquals(2, builds(restarted, plan).size());
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

    /** Publishes the events in order and returns the {@code count} ArtifactStored the service emits for the plan. */
    private static List<ArtifactStored> announced(RunningService service, PlanName plan, int count, CommitReceived... events) {
        try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
            for (CommitReceived event : events) {
                service.publish(event);
            }
            return reader.await(service.emitted(plan), count, WAIT).stream()
                    .map(r -> EventCodec.fromRecord(r, ArtifactStored.class)).toList();
        }
    }

    private static JsonNode builds(RunningService service, PlanName plan) {
        return service.get("/artifacts/" + plan).expect(200).json().get("builds");
    }
}
