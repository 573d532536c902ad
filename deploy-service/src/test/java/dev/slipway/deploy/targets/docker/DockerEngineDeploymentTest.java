package dev.slipway.deploy.targets.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.testing.ClusterCleanup;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.deploy.testing.WebImages;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default target on the real local engine: images built and pushed like
 * image-service does, events through the real broker, pages fetched from the published ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerEngineDeploymentTest {
    private static final Duration DEPLOYED = Duration.ofSeconds(60);
    private static final EnvironmentName REVIEW = EnvironmentName.of("review");
    private static final EnvironmentName STAGING = EnvironmentName.of("staging");

    private WebImages images;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        images = new WebImages();
        ClusterCleanup.containers(images.client());
        StableUrls.forgetPlans("engine-stable", "engine-wait");
        service = RunningDeployService.start(Map.ofEntries(
                Map.entry("slipway.deploy.targets.engine.type", "docker"),
                // Totals of its own, so that the capacity test does not depend on the machine.
                Map.entry("slipway.deploy.targets.engine.cpus", 2),
                Map.entry("slipway.deploy.targets.engine.memory-mb", 4096),
                Map.entry("slipway.deploy.targets.engine.labels", Map.of(WebImages.TEST_LABEL, "true")),
                Map.entry("slipway.deploy.environments.review.kind", "per-build"),
                Map.entry("slipway.deploy.environments.review.target", "engine"),
                Map.entry("slipway.deploy.environments.review.keep", 1),
                Map.entry("slipway.deploy.environments.review.plans", List.of("engine-review-*")),
                Map.entry("slipway.deploy.environments.staging.kind", "stable"),
                Map.entry("slipway.deploy.environments.staging.target", "engine"),
                Map.entry("slipway.deploy.environments.staging.plans", List.of("engine-stable-*", "engine-wait-*"))));
    }

    @AfterEach
    void removeDeployments() {
        StableUrls.forget(images.client());
        ClusterCleanup.containers(images.client());
        StableUrls.forgetPlans("engine-stable", "engine-wait");
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        StableUrls.forget(images.client());
        ClusterCleanup.containers(images.client());
        StableUrls.forgetPlans("engine-stable", "engine-wait");
        images.close();
    }

    @Test
    void anImageBuiltEndsInDeploymentFinishedWhoseUrlServesThatBuildAndOnlyTheNewestBuildsAreKept() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("engine-review");
        ImageBuilt first = built(plan, 1, 0.25);
        ImageBuilt second = built(plan, 2, 0.25);

        try (TopicReader requests = TopicReader.fromNow(Topics.DEPLOY_REQUESTED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(first);

            DeployRequested request = EventCodec.fromRecord(requests.await(plan.value(), 1, DEPLOYED).get(0), DeployRequested.class);
            assertEquals(REVIEW, request.environment(), "the policy sends the build to the environment that takes its plan");
            assertEquals(DeployReason.AUTOMATIC, request.reason());
            assertEquals(first.image(), request.image());

            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());
            assertEquals("docker", running.target());
            assertEquals(request.eventId(), running.causationId());
            assertEquals(content(plan, 1), HttpAnswer.get(running.url()).body(), "the URL serves build 1");

            JsonNode shown = service.awaitEnvironment(plan, REVIEW, e -> e.path("state").asText().equals("running"), DEPLOYED);
            assertEquals(running.url().toString(), shown.path("url").asText());
            assertEquals(1, shown.path("build").asLong());

            service.publish(second);
            DeploymentFinished secondRunning = EventCodec.fromRecord(finished.await(plan.value(), 2, DEPLOYED).get(1), DeploymentFinished.class);
            assertEquals(2, secondRunning.build().number().value());
            assertEquals(content(plan, 2), HttpAnswer.get(secondRunning.url()).body(), "build 2 has its own URL");
            // Build 1 serves until build 2 runs, and is removed then (keep: 1), not before build 2 starts.
            await("with keep: 1, build 1's app is removed once build 2 runs").atMost(Duration.ofSeconds(20))
                    .until(() -> container(AppName.perBuild(plan, REVIEW, BuildNumber.of(1))).isEmpty());
            assertEquals(List.of(2L), service.awaitEnvironment(plan, REVIEW, e -> e.path("builds").size() == 1, DEPLOYED)
                    .path("builds").findValues("build").stream().map(JsonNode::asLong).toList(), "the ledger keeps build 2 only");
        }
    }

    @Test
    void aDeploymentThatNeedsMoreCpuThanIsFreeWaitsWithTheReasonAndRunsOnceCapacityIsFreed() throws Exception {
        PlanName big = SampleEvents.uniquePlan("engine-wait-a");
        PlanName small = SampleEvents.uniquePlan("engine-wait-b");
        ImageBuilt bigBuild = built(big, 1, 1.5);
        ImageBuilt smallBuild = built(small, 1, 1.0);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(bigBuild);
            finished.await(big.value(), 1, DEPLOYED);

            service.publish(smallBuild);
            JsonNode waiting = service.awaitEnvironment(small, STAGING, e -> e.path("state").asText().equals("waiting"), DEPLOYED);
            assertEquals("insufficient cpus: needs 1, 0.5 free", waiting.path("reason").asText(),
                    "the target of 2 CPUs has 0.5 left after the 1.5 of the other app");

            // An operator removes the other app; the waiting deployment takes its place.
            Container other = container(AppName.stable(big, STAGING)).orElseThrow();
            images.client().removeContainerCmd(other.getId()).withForce(true).exec();

            DeploymentFinished running = EventCodec.fromRecord(finished.await(small.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());
            assertEquals(content(small, 1), HttpAnswer.get(running.url()).body());
        }
    }

    @Test
    void anOlderBuildDoesNotOvertakeANewerOneInAStableEnvironment() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("engine-stable");
        ImageBuilt older = built(plan, 1, 0.25);
        ImageBuilt newer = built(plan, 2, 0.25);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED);
             TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(newer);
            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);

            service.publish(older);
            // Issue 11: newest-wins is not a failure; build 1 is reported superseded, not as a StageFailed.
            DeploymentFinished superseded = EventCodec.fromRecord(finished.await(plan.value(), 2, DEPLOYED).get(1), DeploymentFinished.class);
            assertEquals(DeploymentState.SUPERSEDED, superseded.state());
            assertEquals(1, superseded.build().number().value());
            assertTrue(superseded.reason().contains("already has the newer build 2"), superseded.reason());
            assertEquals(null, superseded.url(), "build 1 was not deployed");
            assertEquals(List.of(), failed.drain(plan.value(), Duration.ofSeconds(2)), "no StageFailed");

            assertEquals(content(plan, 2), HttpAnswer.get(running.url()).body(), "the environment still serves build 2");
            JsonNode shown = service.awaitEnvironment(plan, STAGING, e -> true, DEPLOYED);
            assertEquals(2, shown.path("build").asLong());
            assertEquals("running", shown.path("state").asText());
        }
    }

    @Test
    void aRollbackRequestRedeploysTheOlderImageAtTheSameUrl() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("engine-stable");
        ImageBuilt older = built(plan, 1, 0.25);
        ImageBuilt newer = built(plan, 2, 0.25);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(older);
            finished.await(plan.value(), 1, DEPLOYED);
            service.publish(newer);
            DeploymentFinished second = EventCodec.fromRecord(finished.await(plan.value(), 2, DEPLOYED).get(1), DeploymentFinished.class);
            assertEquals(content(plan, 2), HttpAnswer.get(second.url()).body());

            HttpAnswer accepted = service.post("/deployments",
                    "{\"plan\":\"" + plan + "\",\"buildNumber\":1,\"environment\":\"staging\"}");
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals("rollback", accepted.json().path("reason").asText(), "build 1 is older than the running build 2");

            DeploymentFinished rolledBack = EventCodec.fromRecord(finished.await(plan.value(), 3, DEPLOYED).get(2), DeploymentFinished.class);
            assertEquals(1, rolledBack.build().number().value());
            assertEquals(second.url(), rolledBack.url(), "a stable environment keeps its URL");
            assertEquals(content(plan, 1), HttpAnswer.get(rolledBack.url()).body(), "build 1 is served again");
            JsonNode shown = service.awaitEnvironment(plan, STAGING, e -> e.path("build").asLong() == 1, DEPLOYED);
            assertEquals("rollback", shown.path("requestedAs").asText());
        }
    }

    private ImageBuilt built(PlanName plan, long number, double cpus) throws Exception {
        return TestEvents.imageBuilt(plan, number, images.push(plan, number, content(plan, number)), TestEvents.webDescriptor(cpus, 32));
    }

    private static String content(PlanName plan, long number) {
        return "build " + number + " of " + plan + "\n";
    }

    private java.util.Optional<Container> container(AppName app) {
        return images.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(AppSpec.PLAN_LABEL, app.plan().value())).exec().stream()
                // A stable app's containers are named by build, and labelled with the app (blue-green).
                .filter(c -> List.of(c.getNames()).contains("/" + app.slug())
                        || app.slug().equals(c.getLabels().get(DockerEngineTarget.APP_LABEL)))
                .findFirst();
    }
}
