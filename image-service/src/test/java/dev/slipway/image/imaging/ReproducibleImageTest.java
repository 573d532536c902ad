package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.RegistryProbe;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The same commit built twice, as two build numbers and from two {@code ArtifactStored} sent at
 * different times, is the same image: the two {@code ImageBuilt} carry the same registry digest.
 * The image's labels describe the source (commit, repository, version, the commit's time, plan)
 * and nothing of the build (no build number, no clock), and they are one build step.
 *
 * <p>It holds on one engine, whose layer cache the second build reuses: the legacy builder stamps
 * the clock into every step it has to run anew, so the same Dockerfile on an engine without that
 * cache makes an image with another digest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproducibleImageTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

    private ArtifactServer artifacts;
    private ImageServiceUnderTest service;
    private TestDocker docker;
    private final List<PlanName> plans = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) {
        artifacts = ArtifactServer.start();
        docker = new TestDocker();
        service = ImageServiceUnderTest.start(artifacts, data, Map.of("slipway.image.builds.concurrency", 1));
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
    void aCommitWithItsOwnDockerfileBuiltTwiceHasOneDigest() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("Dockerfile", String.join("\n",
                        "FROM " + LocalStack.busyboxImage(),
                        "ARG APP_ENV",
                        "RUN echo \"built for $APP_ENV\" > /built-for.txt",
                        "COPY . /app/",
                        "CMD [\"cat\", \"/app/greeting.txt\"]", ""))
                .file("greeting.txt", "hello from " + plan + "\n")
                .directory("static")
                .file("static/site.css", "body {}\n")
                .bytes();
        sameCommitTwice(plan, archive, Artifacts.descriptor(plan).version("3.1.4").environment(Map.of("APP_ENV", "review"))
                .buildArgs("APP_ENV").build());
    }

    @Test
    void aCommitBuiltTwiceFromAGeneratedDockerfileHasOneDigest() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("index.html", "<h1>" + plan + "</h1>\n")
                .directory("css")
                .file("css/site.css", "h1 { color: teal }\n")
                .bytes();
        sameCommitTwice(plan, archive, Artifacts.descriptor(plan).runtime("static").port(8080).acceptance("/index.html", 200).build());
    }

    private void sameCommitTwice(PlanName plan, byte[] archive, BuildDescriptor descriptor) throws Exception {
        ArtifactStored first = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive, descriptor);
        service.send(first);
        ImageBuilt one = service.awaitBuilt(plan, 1, BUILD_TIMEOUT).get(0);

        // The same commit again: a rebuild under the next number, announced an hour later.
        ArtifactStored second = new ArtifactStored(EventId.random(), EventId.random(), first.time().plus(Duration.ofHours(1)),
                BuildId.of(plan, 2), first.repository(), first.branch(), first.commit(), first.commitTime(),
                artifacts.serve("/a/" + plan + "/2.tar.gz", archive), first.sha256(), first.sizeBytes(), first.descriptor());
        service.send(second);
        ImageBuilt two = service.awaitBuilt(plan, 2, BUILD_TIMEOUT).get(1);

        assertNotEquals(one.tags().get(0), two.tags().get(0), "the build number is in the tags");
        assertEquals(one.image().digest(), two.image().digest(), "the same commit is the same image: " + one.image() + " / " + two.image());
        for (ImageReference tag : List.of(one.tags().get(0), two.tags().get(0), two.tags().get(1))) {
            assertEquals(one.image().digest(), RegistryProbe.digest(tag).orElseThrow(), "the registry has " + tag + " at that digest");
        }

        Map<String, String> labels = docker.client().inspectImageCmd(two.image().byDigest()).exec().getConfig().getLabels();
        assertEquals(Map.of(
                "org.opencontainers.image.revision", first.commit().value(),
                "org.opencontainers.image.source", Artifacts.REPOSITORY.value(),
                "org.opencontainers.image.version", descriptor.version(),
                "org.opencontainers.image.created", "2026-11-20T09:00:00Z",
                "dev.slipway.plan", plan.value()), labels, "what the source is, nothing about the build");

        List<String> history = docker.history(two.image().byDigest());
        assertEquals(1, history.stream().filter(step -> step.contains("LABEL")).count(), "one LABEL step: " + history);
        for (int number = 1; number <= 2; number++) {
            String log = service.get("/images/" + plan + "/" + number + "/log").body();
            assertEquals(1, log.lines().filter(line -> line.matches("Step \\d+/\\d+ : LABEL .*")).count(), "one LABEL step:\n" + log);
            assertFalse(log.contains("build-number"), log);
        }
    }

    private PlanName plan() {
        PlanName plan = ImageServiceUnderTest.uniquePlan("repro");
        plans.add(plan);
        return plan;
    }
}
