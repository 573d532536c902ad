package dev.slipway.status.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.kafka.ConsumerGroups;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.status.testing.RunningStatusService;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.commitReceived;
import static dev.slipway.events.testing.SampleEvents.imageBuilt;
import static dev.slipway.events.testing.SampleEvents.stageStarted;
import static dev.slipway.events.testing.SampleEvents.uniquePlan;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus watched: image-service's group here is a throwaway one that no service consumes in, so
 * what the test publishes to its topic stays unprocessed until the test commits for it (as the
 * stage would after a restart).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringTest {
    private final String imageGroup = "image-lag-test-" + UUID.randomUUID();
    private RunningStatusService status;

    @BeforeAll
    void start() throws Exception {
        RunningService.startAtEnd(imageGroup, PipelineConsumer.IMAGE_SERVICE.topics());
        status = RunningStatusService.start(Map.of("slipway.image.consumer-group", imageGroup));
    }

    @AfterAll
    void stop() {
        if (status != null) {
            status.close();
        }
    }

    @Test
    void lagGrowsWhileAStageDoesNotConsumeAndFallsOnceItHasCaughtUp() throws Exception {
        // What other tests left on the topic since the group was positioned counts too.
        long before = awaitStage(stage -> true).path("lag").asLong();

        PlanName plan = uniquePlan("lagging");
        CommitReceived commit = status.publish(commitReceived(plan));
        for (int number = 1; number <= 3; number++) {
            status.publish(artifactStored(commit, number));
        }

        JsonNode lagging = awaitStage(stage -> stage.path("lag").asLong() >= before + 3);
        assertEquals(imageGroup, lagging.path("group").asText());
        assertTrue(lagging.path("oldestUnprocessedAgeSeconds").isNumber(), lagging::toString);
        assertTrue(lagging.path("oldestUnprocessedAgeSeconds").asDouble() >= 0, lagging::toString);
        assertTrue(lagging.path("inPerMinute").asDouble() >= 3, lagging::toString);
        assertEquals(Topics.ARTIFACT_STORED, lagging.path("topics").get(0).path("topic").asText());
        assertEquals(lagging.path("lag").asLong(), lagging.path("topics").get(0).path("lag").asLong());
        await("the lag in /prometheus").atMost(Duration.ofSeconds(15)).until(() -> prometheusLag() >= before + 3);

        // The stage catches up (as image-service does when it is started again).
        ConsumerGroups.startAtEnd(LocalStack.kafkaBootstrapServers(), imageGroup, PipelineConsumer.IMAGE_SERVICE.topics());
        long peak = lagging.path("lag").asLong();
        JsonNode caughtUp = awaitStage(stage -> stage.path("lag").asLong() < peak && stage.path("outPerMinute").asDouble() > 0);
        assertTrue(caughtUp.path("lag").asLong() < 3, "the test's records are processed: " + caughtUp);
        await("the lag in /prometheus falls").atMost(Duration.ofSeconds(15)).until(() -> prometheusLag() < peak);
    }

    @Test
    void everyPipelineConsumerHasARowInPipelineOrderWithDeadLettersAndStageDurations() {
        PlanName plan = uniquePlan("timed");
        ArtifactStored artifact = artifactStored(status.publish(commitReceived(plan)), 1);
        status.publish(artifact);
        status.publish(stageStarted(artifact));
        status.publish(imageBuilt(artifact));
        status.awaitBuild(plan, "1", build -> build.path("state").asText().equals("built"));

        JsonNode report = status.awaitAnswer("/monitoring", r -> r.path("stages").get(1).path("durationP50Seconds").isNumber());
        assertEquals(60, report.path("rateWindowSeconds").asLong());
        assertEquals(3600, report.path("durationWindowSeconds").asLong());
        JsonNode stages = report.path("stages");
        assertEquals(4, stages.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of("artifact", "image", "deploy", "status").get(i), stages.get(i).path("stage").asText());
        }
        assertEquals(status.group(), stages.get(3).path("group").asText());
        // Eight event types since issue 15 (pull-request-closed), each with its dead-letter twin.
        assertEquals(16, stages.get(3).path("topics").size(), "status-service reads every topic and dead-letter twin");
        JsonNode image = stages.get(1);
        assertTrue(image.path("durationP95Seconds").asDouble() >= image.path("durationP50Seconds").asDouble(), image::toString);
        assertEquals(8, report.path("deadLetterTopics").size());
        long depth = 0;
        for (JsonNode topic : report.path("deadLetterTopics")) {
            if (topic.path("topic").asText().equals(Topics.deadLetter(Topics.ARTIFACT_STORED))) {
                depth = topic.path("depth").asLong();
            }
        }
        assertEquals(depth, image.path("deadLetters").asLong(), "the image stage's dead letters are its topic's twin's depth");

        JsonNode history = status.get("/monitoring/history").expect(200).json().path("samples");
        assertTrue(history.size() >= 1, history::toString);
        JsonNode last = history.get(history.size() - 1);
        assertTrue(last.path("time").asText().endsWith("Z"));
        assertEquals(4, last.path("stages").size());
        assertTrue(last.path("stages").get(0).has("inPerMinute") && last.path("stages").get(0).has("deadLetters"), last::toString);

        String metrics = status.anonymously().get("/prometheus").expect(200).body();
        for (String gauge : List.of("slipway_stage_lag{", "slipway_stage_oldest_unprocessed_seconds{", "slipway_stage_in_per_minute{",
                "slipway_stage_out_per_minute{", "slipway_dead_letter_depth{topic=\"slipway.image-built.dlt\"}",
                "slipway_stage_duration_seconds{quantile=\"0.95\",stage=\"image\"}")) {
            assertTrue(metrics.contains(gauge), gauge + " in /prometheus");
        }
    }

    private JsonNode awaitStage(java.util.function.Predicate<JsonNode> matching) {
        JsonNode report = status.awaitAnswer("/monitoring", r -> matching.test(r.path("stages").get(1)), Duration.ofSeconds(30));
        return report.path("stages").get(1);
    }

    private double prometheusLag() {
        String metrics = status.anonymously().get("/prometheus").expect(200).body();
        Matcher lag = Pattern.compile("slipway_stage_lag\\{group=\"" + Pattern.quote(imageGroup)
                + "\",stage=\"image\",topic=\"slipway.artifact-stored\"} ([0-9.]+)").matcher(metrics);
        return lag.find() ? Double.parseDouble(lag.group(1)) : -1;
    }
}
