package dev.slipway.deploy.targets.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.testing.ClusterCleanup;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.deploy.testing.WebImages;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Swarm target on the local engine's single-node swarm (2 CPUs): services with reservations,
 * host-mode ports, Swarm's own scheduler deciding what waits. Swarm state outlives the test run,
 * so services left by an earlier run are removed first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwarmDeploymentTest {
    private static final Duration DEPLOYED = Duration.ofSeconds(90);
    private static final EnvironmentName STAGING = EnvironmentName.of("staging");

    private WebImages images;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        images = new WebImages();
        ClusterCleanup.services(images.client());
        service = RunningDeployService.start(Map.of(
                "slipway.deploy.targets.swarm.type", "swarm",
                "slipway.deploy.targets.swarm.labels", Map.of(WebImages.TEST_LABEL, "true"),
                "slipway.deploy.environments.staging.kind", "stable",
                "slipway.deploy.environments.staging.target", "swarm",
                "slipway.deploy.environments.staging.plans", List.of("swarm-*")));
    }

    @AfterEach
    void removeServices() {
        ClusterCleanup.services(images.client());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        ClusterCleanup.services(images.client());
        images.close();
    }

    @Test
    void anImageBuiltEndsInDeploymentFinishedWhoseUrlServesThatBuild() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("swarm-web");
        ImageBuilt build = built(plan, 1, 0.25);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(build);

            DeploymentFinished running = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());
            assertEquals("swarm", running.target());
            assertEquals(AppName.stable(plan, STAGING).slug(), running.appId(), "one service per plan and stable environment");
            assertEquals(content(plan, 1), HttpAnswer.get(running.url()).body());
        }
    }

    @Test
    void aDeploymentThatNeedsMoreCpuThanIsFreeWaitsWithSwarmsReasonAndRunsOnceCapacityIsFreed() throws Exception {
        PlanName big = SampleEvents.uniquePlan("swarm-wait-a");
        PlanName small = SampleEvents.uniquePlan("swarm-wait-b");
        ImageBuilt bigBuild = built(big, 1, 1.5);
        ImageBuilt smallBuild = built(small, 1, 1.0);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(bigBuild);
            finished.await(big.value(), 1, DEPLOYED);

            service.publish(smallBuild);
            JsonNode waiting = service.awaitEnvironment(small, STAGING, e -> e.path("state").asText().equals("waiting"), DEPLOYED);
            assertTrue(waiting.path("reason").asText().contains("insufficient resources"),
                    "the node's 2 CPUs hold the other app's 1.5: " + waiting);

            // An operator removes the other app; Swarm schedules the pending task.
            images.client().removeServiceCmd(AppName.stable(big, STAGING).slug()).exec();

            DeploymentFinished running = EventCodec.fromRecord(finished.await(small.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, running.state());
            assertEquals(content(small, 1), HttpAnswer.get(running.url()).body());
        }
    }

    @Test
    void aNewerBuildUpdatesTheServiceInPlaceAndARollbackBringsTheOlderImageBack() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("swarm-stable");
        ImageBuilt older = built(plan, 1, 0.25);
        ImageBuilt newer = built(plan, 2, 0.25);

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(older);
            DeploymentFinished first = EventCodec.fromRecord(finished.await(plan.value(), 1, DEPLOYED).get(0), DeploymentFinished.class);
            service.publish(newer);
            DeploymentFinished second = EventCodec.fromRecord(finished.await(plan.value(), 2, DEPLOYED).get(1), DeploymentFinished.class);
            assertEquals(first.url(), second.url(), "the service keeps its published port across updates");
            assertEquals(content(plan, 2), HttpAnswer.get(second.url()).body());

            HttpAnswer accepted = service.post("/deployments",
                    "{\"plan\":\"" + plan + "\",\"buildNumber\":1,\"environment\":\"staging\"}");
            assertEquals(202, accepted.status(), accepted.body());
            assertEquals("rollback", accepted.json().path("reason").asText());

            DeploymentFinished rolledBack = EventCodec.fromRecord(finished.await(plan.value(), 3, DEPLOYED).get(2), DeploymentFinished.class);
            assertEquals(1, rolledBack.build().number().value());
            assertEquals(content(plan, 1), HttpAnswer.get(rolledBack.url()).body(), "build 1 is served again");
        }
    }

    private ImageBuilt built(PlanName plan, long number, double cpus) throws Exception {
        return TestEvents.imageBuilt(plan, number, images.push(plan, number, content(plan, number)), TestEvents.webDescriptor(cpus, 32));
    }

    private static String content(PlanName plan, long number) {
        return "swarm build " + number + " of " + plan + "\n";
    }
}
