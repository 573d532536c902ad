package dev.slipway.image.imaging;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The digest in {@code ImageBuilt} is the digest of the image that was tested, whatever else is
 * pushed meanwhile. Two plans whose descriptors share a name and a version reach the same build
 * number (numbers count per plan): built at the same time, each must be pinned to its own image,
 * not to the other's untested one. And a tag moved on the engine while a build is tested (by
 * another build, by a person) must not decide what is pushed and pinned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DigestCrossingTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

    private ArtifactServer artifacts;
    private ImageServiceUnderTest service;
    private TestDocker docker;
    private final List<PlanName> plans = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) {
        artifacts = ArtifactServer.start();
        docker = new TestDocker();
        service = ImageServiceUnderTest.start(artifacts, data, Map.of("slipway.image.builds.concurrency", 2));
    }

    @AfterAll
    void stop() {
        service.close();
        docker.removeContainers();
        plans.forEach(docker::removeImagesOf);
        docker.close();
        artifacts.close();
    }

    @Test
    void twoPlansWithTheSameServiceNameVersionAndNumberBuiltAtOnceAreEachPinnedToTheirOwnImage() throws Exception {
        String sharedName = "crossing-" + UUID.randomUUID().toString().substring(0, 8);
        PlanName slow = plan("crossing-main");
        PlanName fast = plan("crossing-copy");
        // The slow one is built first and then tested for a while; the fast one is built later and
        // pushed while the slow one is still being tested: with one tag for both, the slow build
        // would push and pin whatever the shared tag names by then, the fast build's image.
        ArtifactStored slowBuild = stored(slow, "FROM " + LocalStack.busyboxImage() + "\n"
                        + "RUN echo 'I am " + slow + "' > /who\nCMD [\"cat\", \"/who\"]\n",
                Artifacts.descriptor(slow).testCommand("sleep 6 && grep -q " + slow + " /who"), sharedName);
        ArtifactStored fastBuild = stored(fast, "FROM " + LocalStack.busyboxImage() + "\n"
                        + "RUN sleep 2 && echo 'I am " + fast + "' > /who\nCMD [\"cat\", \"/who\"]\n",
                Artifacts.descriptor(fast), sharedName);
        assertEquals(slowBuild.build().number(), fastBuild.build().number());

        service.send(slowBuild);
        service.send(fastBuild);
        ImageBuilt slowBuilt = service.awaitBuilt(slow, BUILD_TIMEOUT);
        ImageBuilt fastBuilt = service.awaitBuilt(fast, BUILD_TIMEOUT);

        assertEquals("I am " + slow + "\n", runPulled(slowBuilt.image()), "the slow plan's ImageBuilt runs its own, tested image");
        assertEquals("I am " + fast + "\n", runPulled(fastBuilt.image()), "and the fast plan's its own");
        assertTrue(Collections.disjoint(slowBuilt.tags(), fastBuilt.tags()),
                "the two plans' tags do not collide: " + slowBuilt.tags() + " / " + fastBuilt.tags());
        assertEquals(slow + "/" + sharedName, slowBuilt.image().repository(), "the plan leads the repository path");
    }

    @Test
    void aTagMovedOnTheEngineWhileTheBuildIsTestedIsNotWhatGetsPinned(@TempDir Path decoyContext) throws Exception {
        PlanName plan = plan("moved-tag");
        ArtifactStored artifact = stored(plan, "FROM " + LocalStack.busyboxImage() + "\n"
                        + "RUN echo 'I am " + plan + "' > /who\nCMD [\"cat\", \"/who\"]\n",
                Artifacts.descriptor(plan).testCommand("sleep 8"), plan.value());
        service.send(artifact);

        String path = "/images/" + plan + "/1";
        await("build " + plan + "/1 testing").atMost(BUILD_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> "testing".equals(service.get(path).json().path("state").asText()));
        ImageReference versioned = ImageReference.parse(service.get(path).json().get("tags").get(0).asText());
        Files.writeString(decoyContext.resolve("Dockerfile"), "FROM " + LocalStack.busyboxImage() + "\n"
                + "LABEL dev.slipway.plan=" + plan + "\nCMD [\"echo\", \"an untested decoy\"]\n");
        docker.client().buildImageCmd(decoyContext.toFile()).withTags(Set.of(versioned.toString())).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(1, TimeUnit.MINUTES);
        assertEquals("testing", service.get(path).json().path("state").asText(), "the decoy took the tag while the build was tested");

        ImageBuilt built = service.awaitBuilt(plan, BUILD_TIMEOUT);
        assertEquals("I am " + plan + "\n", runPulled(built.image()), "the pinned digest is the tested image, not the decoy");
        assertTrue(service.get(path + "/log").body().contains("is the tested image"), "the check shows in the build log");
    }

    /** Pulls the image by its digest from the registry, as a deployment would, and runs it. */
    private String runPulled(ImageReference pinned) throws InterruptedException {
        docker.pull(pinned);
        return docker.run(pinned.byDigest());
    }

    private ArtifactStored stored(PlanName plan, String dockerfile, Artifacts.Descriptor descriptor, String name) {
        byte[] archive = TarGz.archive().file("Dockerfile", dockerfile).bytes();
        return Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                descriptor.name(name).version("1.0.0").build());
    }

    private PlanName plan(String what) {
        PlanName plan = ImageServiceUnderTest.uniquePlan(what);
        plans.add(plan);
        return plan;
    }
}
