package dev.slipway.deploy.targets.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.AppName;
import dev.slipway.deploy.targets.Load;
import dev.slipway.deploy.targets.docker.StableUrls;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
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
        StableUrls.forgetServices(images.client());
        ClusterCleanup.services(images.client());
        StableUrls.forgetPlans("swarm");
        service = RunningDeployService.start(Map.of(
                "slipway.deploy.targets.swarm.type", "swarm",
                "slipway.deploy.targets.swarm.labels", Map.of(WebImages.TEST_LABEL, "true"),
                "slipway.deploy.environments.staging.kind", "stable",
                "slipway.deploy.environments.staging.target", "swarm",
                "slipway.deploy.environments.staging.plans", List.of("swarm-*")));
    }

    @AfterEach
    void removeServices() {
        StableUrls.forgetServices(images.client());
        ClusterCleanup.services(images.client());
        StableUrls.forgetPlans("swarm");
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        StableUrls.forgetServices(images.client());
        ClusterCleanup.services(images.client());
        StableUrls.forgetPlans("swarm");
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

    @Test
    void aStartFirstUpdateKeepsTheStableUrlServingAndANeverHealthyBuildIsRolledBackBySwarm() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("swarm-bluegreen");
        ImageBuilt first = built(plan, 1, 0.25);
        ImageBuilt second = built(plan, 2, 0.25);
        // Build 3's health path answers 404: Swarm's check in the task never passes.
        ImageBuilt neverHealthy = TestEvents.imageBuilt(plan, 3, images.push(plan, 3, content(plan, 3)),
                new BuildDescriptor("web", "1.0.0", Map.of(), new Resources(0.25, 32, 0, 1), 80, "/health-that-is-missing",
                        null, null, List.of(), null, null, "dependency.json"));

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(first);
            DeploymentFinished one = finishedFor(finished, plan, 1);
            assertEquals(DeploymentState.RUNNING, one.state(), String.valueOf(one.reason()));
            java.net.URI stable = one.url();

            List<Load.Answer> switching;
            try (Load load = Load.on(stable)) {
                load.awaitAnswers(5);
                service.publish(second);
                DeploymentFinished two = finishedFor(finished, plan, 2);
                assertEquals(DeploymentState.RUNNING, two.state(), String.valueOf(two.reason()));
                assertEquals(stable, two.url(), "the stable URL stays");
                load.awaitAnswers(load.count() + 5);
                switching = load.stop();
            }
            System.out.println("Swarm start-first switch: " + switching.size() + " requests to " + stable);
            assertEquals(List.of(), switching.stream().filter(a -> a.status() != 200).map(Load.Answer::toString).toList(),
                    "every request during the start-first update is answered 200 (" + switching.size() + " requests)");
            assertEquals(content(plan, 1), switching.get(0).body());
            assertEquals(content(plan, 2), switching.get(switching.size() - 1).body());

            List<Load.Answer> failing;
            try (Load load = Load.on(stable)) {
                load.awaitAnswers(5);
                service.publish(neverHealthy);
                DeploymentFinished three = finishedFor(finished, plan, 3);
                assertEquals(DeploymentState.ROLLED_BACK, three.state(), String.valueOf(three.reason()));
                assertEquals(stable, three.url(), "build 2 still serves at the stable URL");
                assertTrue(three.reason().contains("rolled the update back"), three.reason());
                failing = load.stop();
            }
            assertEquals(List.of(), failing.stream().filter(a -> a.status() != 200 || !a.body().equals(content(plan, 2)))
                    .map(Load.Answer::toString).toList(), "build 2 answers every request while build 3 is tried");
            assertEquals(content(plan, 2), HttpAnswer.get(stable).body());
        }
    }

    private static DeploymentFinished finishedFor(TopicReader finished, PlanName plan, long build) {
        return finished.await(r -> plan.value().equals(r.key())
                        && EventCodec.fromRecord(r, DeploymentFinished.class).build().number().value() == build, 1, DEPLOYED).stream()
                .map(r -> EventCodec.fromRecord(r, DeploymentFinished.class))
                .filter(f -> f.build().number().value() == build)
                .findFirst().orElseThrow();
    }

    private ImageBuilt built(PlanName plan, long number, double cpus) throws Exception {
        return TestEvents.imageBuilt(plan, number, images.push(plan, number, content(plan, number)), TestEvents.webDescriptor(cpus, 32));
    }

    private static String content(PlanName plan, long number) {
        return "swarm build " + number + " of " + plan + "\n";
    }
}
