package dev.slipway.artifact.packaging;

import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged file in the store (truncated by a crash of an older version that did not write
 * atomically, or edited by hand) never stops the service: it starts, builds every other plan, and
 * whoever needs that file is told which one it is, over HTTP or in the {@code StageFailed}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadableStateFilesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final PlanName truncatedPlan = SampleEvents.uniquePlan("truncated-build");
    private final PlanName corruptPlan = SampleEvents.uniquePlan("corrupt-number");
    private Path data;
    private Path repositories;
    private Path truncatedBuild;
    private Path corruptNumber;
    private RunningService service;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("artifact-unreadable-");
        repositories = Files.createDirectories(data.resolve("repositories"));
        Path plans = data.resolve("store").resolve("plans");
        truncatedBuild = plans.resolve(truncatedPlan.value()).resolve("builds").resolve("1.json");
        Files.createDirectories(truncatedBuild.getParent());
        Files.writeString(truncatedBuild, "{\n  \"plan\" : \"" + truncatedPlan + "\",\n  \"number\" : 1,\n  \"commitRec");
        corruptNumber = plans.resolve(corruptPlan.value()).resolve("last-number");
        Files.createDirectories(corruptNumber.getParent());
        Files.writeString(corruptNumber, ""); // what a crash between create and write leaves

        service = ArtifactServiceFixture.on(data)
                .property("slipway.artifact.git.allowed", repositories.toUri().toString())
                .start();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        Archives.deleteRecursively(data);
    }

    @Test
    void itStartsAndTheHttpApiNamesTheTruncatedBuildFile() {
        service.get("/health").expect(200);

        service.get("/artifacts/" + truncatedPlan + "/1").expect(500, truncatedBuild.toString());
        service.get("/artifacts/" + truncatedPlan + "/1/source.tar.gz").expect(500, truncatedBuild.toString());
        service.get("/artifacts/" + truncatedPlan).expect(500, truncatedBuild.toString());

        service.get("/health").expect(200);
    }

    @Test
    void aCommitThatNeedsACorruptNumberFileFailsNamingItAndOtherPlansStillBuild() {
        try (TestRepository repository = TestRepository.create(repositories, "shop-" + UUID.randomUUID())) {
            CommitSha sha = repository.commit("main", "Add the shop", Map.of("index.html", file("<h1>shop</h1>")));

            StageFailed failed = publishAndAwait(Topics.STAGE_FAILED, StageFailed.class,
                    ArtifactServiceFixture.commitReceived(corruptPlan, repository.fileUrl(), sha));
            assertTrue(failed.reason().contains(corruptNumber.toString()), failed.reason());

            PlanName healthy = SampleEvents.uniquePlan("healthy");
            ArtifactStored stored = publishAndAwait(Topics.ARTIFACT_STORED, ArtifactStored.class,
                    ArtifactServiceFixture.commitReceived(healthy, repository.fileUrl(), sha));
            assertEquals(1, stored.build().number().value());
            service.get("/health").expect(200);
        }
    }

    private <E extends PipelineEvent> E publishAndAwait(String topic, Class<E> type, CommitReceived event) {
        try (TopicReader reader = TopicReader.fromNow(topic)) {
            service.publish(event);
            return EventCodec.fromRecord(reader.await(service.emitted(event.plan()), 1, WAIT).get(0), type);
        }
    }
}
