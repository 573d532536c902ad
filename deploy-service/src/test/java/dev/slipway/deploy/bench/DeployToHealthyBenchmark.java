package dev.slipway.deploy.bench;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.deploy.testing.ClusterCleanup;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.deploy.testing.WebImages;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Time from {@code ImageBuilt} on the broker to a healthy URL that serves the build, on the Docker
 * engine target: the policy's DeployRequested, the deployer, the container start, the health check
 * and DeploymentFinished, through the real broker and engine. Image builds are done beforehand
 * (that is image-service's time). "warm": the image is already on the engine; "cold": the engine
 * first pulls it from the registry (only the build's own layer; the busybox base is local).
 *
 * <p>Run with {@code ./mvnw -pl deploy-service test -Dtest=DeployToHealthyBenchmark}.
 */
class DeployToHealthyBenchmark {
    private static final int ROUNDS = 5;

    @Test
    void imageBuiltToHealthyUrlOnTheDockerEngine() throws Exception {
        try (WebImages images = new WebImages()) {
            ClusterCleanup.containers(images.client());
            try (RunningDeployService service = RunningDeployService.start(Map.of(
                    "slipway.deploy.poll-interval", "100ms",
                    "slipway.deploy.targets.engine.type", "docker",
                    "slipway.deploy.targets.engine.labels", Map.of(WebImages.TEST_LABEL, "true"),
                    "slipway.deploy.environments.review.kind", "per-build",
                    "slipway.deploy.environments.review.target", "engine",
                    "slipway.deploy.environments.review.keep", 2,
                    "slipway.deploy.environments.review.plans", List.of("bench-*")))) {
                PlanName plan = SampleEvents.uniquePlan("bench");
                List<Long> warm = new ArrayList<>();
                List<Long> cold = new ArrayList<>();
                for (int round = 1; round <= ROUNDS * 2; round++) {
                    boolean pull = round > ROUNDS;
                    String content = "bench build " + round + " of " + plan + "\n";
                    ImageBuilt built = TestEvents.imageBuilt(plan, round, images.push(plan, round, content), TestEvents.webDescriptor(0.25, 32));
                    if (pull) {
                        removeLocally(images, built.image().byDigest());
                    }
                    (pull ? cold : warm).add(deployAndFetch(service, built, content));
                }
                System.out.printf("%nDeployToHealthyBenchmark (Docker engine target, %d rounds each, ms from ImageBuilt published to the URL serving the build)%n", ROUNDS);
                System.out.printf("  warm (image on the engine):  %s%n", summary(warm));
                System.out.printf("  cold (pulled from registry): %s%n%n", summary(cold));
            } finally {
                ClusterCleanup.containers(images.client());
            }
        }
    }

    private static long deployAndFetch(RunningDeployService service, ImageBuilt built, String content) throws Exception {
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            long start = System.nanoTime();
            service.publish(built);
            DeploymentFinished running = finished.await(built.plan().value(), 1, Duration.ofSeconds(60)).stream()
                    .map(r -> EventCodec.fromRecord(r, DeploymentFinished.class))
                    .filter(f -> f.build().equals(built.build()))
                    .findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> content.equals(HttpAnswer.get(running.url()).body()));
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static void removeLocally(WebImages images, String reference) {
        try {
            String id = images.client().inspectImageCmd(reference).exec().getId();
            images.client().removeImageCmd(id).withForce(true).exec();
        } catch (NotFoundException alreadyGone) {
            // Nothing to remove.
        }
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return "min " + sorted.get(0) + ", median " + sorted.get(sorted.size() / 2) + ", max " + sorted.get(sorted.size() - 1)
                + "  " + millis;
    }
}
