package dev.slipway.deploy.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.marathon.MarathonDouble;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployment that a newer one makes pointless is superseded, not failed: a
 * {@code DeploymentFinished} that says so and why, no {@code StageFailed} (which would page someone
 * for newest-wins doing its job), and {@code GET /deployments} shows it as superseded where it
 * lists it. Against the Marathon double, whose agent's capacity the test sets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupersededDeploymentsTest {
    private static final Duration SOON = Duration.ofSeconds(30);
    private static final EnvironmentName STAGING = EnvironmentName.of("staging");
    private static final EnvironmentName REVIEW = EnvironmentName.of("review");

    private MarathonDouble marathon;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        marathon = new MarathonDouble(2, 4096, Set.of());
        service = RunningDeployService.start(Map.of(
                "slipway.deploy.targets.cluster.type", "marathon",
                "slipway.deploy.targets.cluster.url", marathon.url().toString(),
                "slipway.deploy.environments.staging.kind", "stable",
                "slipway.deploy.environments.staging.target", "cluster",
                "slipway.deploy.environments.staging.plans", List.of("newest-wins-*"),
                "slipway.deploy.environments.review.kind", "per-build",
                "slipway.deploy.environments.review.target", "cluster",
                "slipway.deploy.environments.review.plans", List.of("give-way-*")));
    }

    @AfterEach
    void freshCluster() {
        marathon.reset(2, 4096);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (marathon != null) {
            marathon.close();
        }
    }

    @Test
    void anOlderBuildArrivingAfterANewerOneRunsIsReportedSupersededNotFailed() {
        PlanName plan = SampleEvents.uniquePlan("newest-wins");
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED);
             TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(imageBuilt(plan, 2, 0.5));
            finished.await(plan.value(), 1, SOON);
            // Build 1's ImageBuilt arrives late (its image took longer): newest wins.
            service.publish(imageBuilt(plan, 1, 0.5));

            DeploymentFinished superseded = event(finished.await(plan.value(), 2, SOON).get(1));
            assertEquals(1, superseded.build().number().value());
            assertEquals(DeploymentState.SUPERSEDED, superseded.state());
            assertEquals("build " + plan + "/1 was not deployed to staging: it already has the newer build 2;"
                    + " only a rollback replaces a newer build with an older one", superseded.reason());
            assertNull(superseded.url());
            assertNull(superseded.appId(), "it never reached the cluster");
            assertEquals(List.of(), failed.drain(plan.value(), Duration.ofSeconds(2)), "no StageFailed");
        }
        JsonNode staging = service.awaitEnvironment(plan, STAGING, e -> true, SOON);
        assertEquals(2, staging.path("build").asLong(), "the environment's deployment is still build 2: " + staging);
        assertEquals("running", staging.path("state").asText());
    }

    @Test
    void aDeploymentWaitingForResourcesThatGivesWayToANewerBuildIsSuperseded() {
        PlanName plan = SampleEvents.uniquePlan("give-way");
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED);
             TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            // The agent has 2 CPUs: build 1 asks for 3 and waits; build 2 asks for less and fits.
            service.publish(imageBuilt(plan, 1, 3));
            service.awaitEnvironment(plan, REVIEW, e -> e.path("state").asText().equals("waiting"), SOON);
            service.publish(imageBuilt(plan, 2, 0.5));

            List<DeploymentFinished> ends = finished.await(plan.value(), 2, SOON).stream().map(SupersededDeploymentsTest::event).toList();
            DeploymentFinished first = ends.get(0);
            assertEquals(1, first.build().number().value());
            assertEquals(DeploymentState.SUPERSEDED, first.state());
            assertTrue(first.reason().startsWith("build " + plan + "/1 gave way in review to build " + plan + "/2, requested while it waited: InsufficientCpus"),
                    first.reason());
            assertEquals("marathon", first.target());
            assertEquals("/slipway/" + plan + "/review-1", first.appId());
            assertEquals(DeploymentState.RUNNING, ends.get(1).state(), "build 2 runs");
            assertEquals(List.of(), failed.drain(plan.value(), Duration.ofSeconds(2)), "no StageFailed");
        }
        JsonNode review = service.awaitEnvironment(plan, REVIEW, e -> e.path("build").asLong() == 2, SOON);
        JsonNode build1 = review.path("builds").path(0);
        assertEquals(1, build1.path("build").asLong(), review.toString());
        assertEquals("superseded", build1.path("state").asText(), review.toString());
        assertTrue(build1.path("reason").asText().contains("gave way in review to build " + plan + "/2"), review.toString());
    }

    private static DeploymentFinished event(ConsumerRecord<String, byte[]> record) {
        return EventCodec.fromRecord(record, DeploymentFinished.class);
    }

    private static ImageBuilt imageBuilt(PlanName plan, long number, double cpus) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, Long.toString(number))
                .withDigest(Digest.of("sha256:" + "5d".repeat(32)));
        return TestEvents.imageBuilt(plan, number, image, TestEvents.webDescriptor(cpus, 16));
    }
}
