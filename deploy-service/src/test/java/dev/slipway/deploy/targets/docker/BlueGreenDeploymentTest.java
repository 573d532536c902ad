package dev.slipway.deploy.targets.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.slipway.deploy.targets.AppSpec;
import dev.slipway.deploy.targets.Load;
import dev.slipway.deploy.targets.Load.Answer;
import dev.slipway.deploy.testing.ClusterCleanup;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.deploy.testing.WebImages;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stable environment on the real engine behind bin/stack's haproxy: what a user of the stable URL sees
 * while a good build replaces the serving one, and while bad builds are tried and abandoned. The URL is
 * fetched over and over, each request on a connection of its own, all through the deploy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlueGreenDeploymentTest {
    private static final Duration DEPLOYED = Duration.ofSeconds(60);

    private WebImages images;
    private RunningDeployService service;
    private final List<String> builtImages = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        images = new WebImages();
        cleanUp();
        service = RunningDeployService.start(Map.ofEntries(
                Map.entry("slipway.deploy.targets.engine.type", "docker"),
                Map.entry("slipway.deploy.targets.engine.cpus", 2),
                Map.entry("slipway.deploy.targets.engine.memory-mb", 4096),
                Map.entry("slipway.deploy.targets.engine.labels", Map.of(WebImages.TEST_LABEL, "true")),
                Map.entry("slipway.deploy.environments.production.kind", "stable"),
                Map.entry("slipway.deploy.environments.production.target", "engine"),
                // Short, so that a never-healthy build is given up on quickly.
                Map.entry("slipway.deploy.environments.production.health-timeout", "3s"),
                Map.entry("slipway.deploy.environments.production.plans", List.of("bluegreen-*"))));
    }

    @AfterEach
    void removeDeployments() {
        cleanUp();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        cleanUp();
        for (String id : builtImages) {
            try {
                images.client().removeImageCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // Already gone.
            }
        }
        images.close();
    }

    private void cleanUp() {
        StableUrls.forget(images.client());
        ClusterCleanup.containers(images.client());
        StableUrls.forgetPlans("bluegreen");
    }

    @Test
    void aHealthySwitchKeepsTheUrlAndAnswersEveryRequestWhileTheNewBuildTakesOver() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("bluegreen-switch");
        ImageBuilt first = built(plan, 1, "/");
        ImageBuilt second = built(plan, 2, "/");

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(first);
            DeploymentFinished one = finished(finished, plan, 1);
            assertEquals(DeploymentState.RUNNING, one.state(), String.valueOf(one.reason()));
            URI stable = one.url();
            assertEquals(page(plan, 1), HttpAnswer.get(stable).body());

            List<Answer> answers;
            try (Load load = Load.on(stable)) {
                load.awaitAnswers(5);
                service.publish(second);
                DeploymentFinished two = finished(finished, plan, 2);
                assertEquals(DeploymentState.RUNNING, two.state(), String.valueOf(two.reason()));
                assertEquals(stable, two.url(), "the stable URL is the same for build 2");
                load.awaitAnswers(load.count() + 5);
                answers = load.stop();
            }

            System.out.println("Blue-green switch: " + answers.size() + " requests to " + stable + " during the deploy of build 2");
            List<String> failures = answers.stream().filter(a -> a.status() != 200).map(Answer::toString).toList();
            assertEquals(List.of(), failures, "every request during the switch is answered 200 (" + answers.size() + " requests)");
            List<String> bodies = answers.stream().map(Answer::body).toList();
            assertEquals(page(plan, 1), bodies.get(0), "build 1 serves until build 2 is healthy");
            assertEquals(page(plan, 2), bodies.get(bodies.size() - 1), "build 2 serves after the switch");
            int switched = bodies.indexOf(page(plan, 2));
            assertTrue(bodies.subList(0, switched).stream().allMatch(page(plan, 1)::equals)
                            && bodies.subList(switched, bodies.size()).stream().allMatch(page(plan, 2)::equals),
                    "the page switches once, from build 1's to build 2's: " + Set.copyOf(bodies));
            await("build 1's container is removed after the switch").atMost(Duration.ofSeconds(30))
                    .until(() -> containers(plan, 1).isEmpty());
            assertEquals(1, containers(plan, 2).size(), "build 2 runs in a container of its own");
        }
    }

    @Test
    void aNeverHealthyAndACrashLoopingBuildAreTriedAndAbandonedWhileTheLastHealthyBuildKeepsServing() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("bluegreen-rollback");
        ImageBuilt good = built(plan, 2, "/");
        // Build 3's page is there, but its health path answers 404: it never becomes healthy.
        ImageBuilt neverHealthy = built(plan, 3, "/health-that-is-missing");
        ImageBuilt crashing = TestEvents.imageBuilt(plan, 4, crashingImage(plan, 4), descriptor("/"));

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED);
             TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(good);
            URI stable = finished(finished, plan, 2).url();

            List<Answer> answers;
            try (Load load = Load.on(stable)) {
                load.awaitAnswers(5);
                service.publish(neverHealthy);
                DeploymentFinished three = finished(finished, plan, 3);
                assertEquals(DeploymentState.ROLLED_BACK, three.state(), String.valueOf(three.reason()));
                assertEquals(stable, three.url(), "the outcome names the URL that still serves build 2");
                assertTrue(three.reason().contains("health check failed for 3s")
                        && three.reason().contains("/health-that-is-missing answered 404"), three.reason());
                assertTrue(containers(plan, 3).isEmpty(), "build 3's container is gone");

                service.publish(crashing);
                DeploymentFinished four = finished(finished, plan, 4);
                assertEquals(DeploymentState.ROLLED_BACK, four.state(), String.valueOf(four.reason()));
                assertEquals(stable, four.url());
                assertTrue(four.reason().contains("exited with code 3")
                        && four.reason().contains("cannot reach the database at db:5432"), "the reason has its last output: " + four.reason());
                assertTrue(containers(plan, 4).isEmpty(), "build 4's container is gone");
                load.awaitAnswers(load.count() + 5);
                answers = load.stop();
            }

            List<String> wrong = answers.stream().filter(a -> a.status() != 200 || !a.body().equals(page(plan, 2)))
                    .map(Answer::toString).toList();
            assertEquals(List.of(), wrong, "every request during and after the tries is answered 200 with build 2's page ("
                    + answers.size() + " requests)");
            assertEquals(2, failed.await(plan.value(), 2, DEPLOYED).size(), "the pipeline hears that builds 3 and 4 did not deploy");
            assertEquals("rolled-back", service.awaitEnvironment(plan, dev.slipway.events.domain.EnvironmentName.of("production"),
                    e -> e.path("build").asLong() == 4, DEPLOYED).path("state").asText());
        }
    }

    @Test
    void aFirstBuildThatCrashesIsAPlainFailureAndLeavesNothingRunning() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("bluegreen-first");
        ImageBuilt crashing = TestEvents.imageBuilt(plan, 1, crashingImage(plan, 1), descriptor("/"));

        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(crashing);
            DeploymentFinished one = finished(finished, plan, 1);
            assertEquals(DeploymentState.FAILED, one.state(), "there is no earlier build to roll back to");
            assertNull(one.url());
            assertTrue(one.reason().contains("cannot reach the database") && one.reason().contains("no earlier healthy build"),
                    one.reason());
            assertTrue(containers(plan, 1).isEmpty(), "nothing is left running");
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private DeploymentFinished finished(TopicReader finished, PlanName plan, long build) {
        return finished.await(r -> plan.value().equals(r.key())
                        && EventCodec.fromRecord(r, DeploymentFinished.class).build().number().value() == build, 1, DEPLOYED).stream()
                .map(r -> EventCodec.fromRecord(r, DeploymentFinished.class))
                .filter(f -> f.build().number().value() == build)
                .findFirst().orElseThrow();
    }

    private List<Container> containers(PlanName plan, long build) {
        return images.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(AppSpec.PLAN_LABEL, plan.value(), AppSpec.BUILD_LABEL, Long.toString(build))).exec();
    }

    private ImageBuilt built(PlanName plan, long number, String healthPath) throws Exception {
        return TestEvents.imageBuilt(plan, number, images.push(plan, number, page(plan, number)), descriptor(healthPath));
    }

    private static BuildDescriptor descriptor(String healthPath) {
        return new BuildDescriptor("web", "1.0.0", Map.of(), new Resources(0.25, 32, 0, 1), 80, healthPath,
                null, null, List.of(), null, null, "dependency.json");
    }

    private static String page(PlanName plan, long number) {
        return "build " + number + " of " + plan + "\n";
    }

    /** An image whose process says why it cannot start and exits with 3, as an app missing its database does. */
    private ImageReference crashingImage(PlanName plan, long build) throws Exception {
        String repository = "slipway-deploy-test/" + plan.value();
        String tag = LocalStack.registry() + "/" + repository + ":" + build;
        Path context = Files.createTempDirectory("crashing-image");
        try {
            Files.writeString(context.resolve("Dockerfile"), "FROM " + LocalStack.busyboxImage() + "\n"
                    + "CMD [\"sh\", \"-c\", \"echo 'fatal: cannot reach the database at db:5432' >&2; exit 3\"]\n");
            images.client().buildImageCmd(context.toFile()).withTags(Set.of(tag)).withLabels(Map.of(WebImages.TEST_LABEL, "true"))
                    .withPull(false).exec(new BuildImageResultCallback()).awaitImageId(2, TimeUnit.MINUTES);
        } finally {
            Files.deleteIfExists(context.resolve("Dockerfile"));
            Files.deleteIfExists(context);
        }
        images.client().pushImageCmd(tag).exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion(2, TimeUnit.MINUTES);
        var inspected = images.client().inspectImageCmd(tag).exec();
        builtImages.add(inspected.getId());
        String pinned = inspected.getRepoDigests().stream()
                .filter(d -> d.startsWith(LocalStack.registry() + "/" + repository + "@"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no digest for " + tag));
        return ImageReference.of(LocalStack.registry(), repository, Long.toString(build))
                .withDigest(Digest.of(pinned.substring(pinned.indexOf('@') + 1)));
    }
}
