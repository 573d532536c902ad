package dev.slipway.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.domain.PlanName;
import dev.slipway.status.testing.RunningStatusService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.commitReceived;
import static dev.slipway.events.testing.SampleEvents.deployRequested;
import static dev.slipway.events.testing.SampleEvents.deploymentFinished;
import static dev.slipway.events.testing.SampleEvents.imageBuilt;
import static dev.slipway.events.testing.SampleEvents.uniquePlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The read model is kept across restarts without applying anything twice, and can be rebuilt from
 * the topics: stop the service, delete its database directory, start it on the same group.
 */
class RebuildTest {

    @Test
    void aRestartKeepsTheReadModelAndADeletedDatabaseIsRebuiltFromTheTopics() throws IOException {
        PlanName plan = uniquePlan("rebuilt");
        RunningStatusService status = RunningStatusService.start();
        JsonNode before;
        try {
            CommitReceived commit = status.publish(commitReceived(plan));
            ArtifactStored artifact = status.publish(artifactStored(commit, 1));
            // The deployment is published as started, not requested: a deploy-service of another test reading
            // the shared broker would take a DeployRequested up (and fail it for an environment it does not know).
            DeployRequested deploy = deployRequested(status.publish(imageBuilt(artifact)));
            status.publish(new StageProgressed(EventId.random(), deploy.eventId(), deploy.time(), plan, deploy.build(), deploy.commit(),
                    Stage.DEPLOY, deploy.environment(), Progress.STARTED, null));
            status.publish(deploymentFinished(deploy));
            before = comparable(status.awaitBuild(plan, "1", build -> build.path("state").asText().equals("served")));
        } finally {
            status.close();
        }

        RunningStatusService restarted = status.startAgain();
        try {
            assertEquals(before, comparable(restarted.get("/plans/" + plan + "/builds/1").expect(200).json()),
                    "a restart applies nothing twice");
        } finally {
            restarted.close();
        }

        Path database = restarted.databaseDir();
        try (Stream<Path> files = Files.walk(database)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        assertFalse(Files.exists(database));
        RunningStatusService rebuilt = restarted.startAgain();
        try {
            assertEquals(before, comparable(rebuilt.get("/plans/" + plan + "/builds/1").expect(200).json()));
            assertEquals(1, rebuilt.get("/plans/" + plan + "/builds").expect(200).json().path("total").asLong());
        } finally {
            rebuilt.close();
        }
    }

    /** The build's answer, with its timeline in a fixed order (entries of the same millisecond may be read in any order). */
    private static JsonNode comparable(JsonNode build) {
        ObjectNode copy = build.deepCopy();
        List<JsonNode> timeline = new ArrayList<>();
        copy.withArray("timeline").forEach(timeline::add);
        timeline.sort(Comparator.comparing(JsonNode::toString));
        copy.putArray("timeline").addAll(timeline);
        return copy;
    }
}
