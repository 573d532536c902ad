package dev.slipway.image.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.RegistryProbe;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ArtifactStored} in, {@code ImageBuilt} or {@code StageFailed} out: the whole service
 * against the real broker, engine and registry, with archives served from a loopback server in
 * place of the artifact service. One build slot, so that queueing shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactToImageTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

    private Path data;
    private ArtifactServer artifacts;
    private ImageServiceUnderTest service;
    private TestDocker docker;
    private final List<PlanName> plans = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) {
        this.data = data;
        artifacts = ArtifactServer.start();
        docker = new TestDocker();
        service = ImageServiceUnderTest.start(artifacts, data, Map.of("slipway.image.builds.concurrency", 1));
    }

    @AfterAll
    void stop() throws Exception {
        service.close();
        docker.removeContainers();
        plans.forEach(docker::removeImagesOf);
        docker.close();
        artifacts.close();
    }

    @Test
    void anArtifactWithItsOwnDockerfileIsReportedStartedThenBecomesAnImagePullableByTheDigestInImageBuilt() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("Dockerfile", String.join("\n",
                        "FROM " + LocalStack.busyboxImage(),
                        "ARG APP_ENV",
                        "RUN echo \"built for $APP_ENV\" > /built-for.txt",
                        "COPY greeting.txt /greeting.txt",
                        "CMD [\"cat\", \"/greeting.txt\", \"/built-for.txt\"]", ""))
                .file("greeting.txt", "hello from " + plan + "\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/artifacts/" + plan + "/1/source.tar.gz", archive),
                archive, Artifacts.descriptor(plan).version("2.3.0")
                        .environment(Map.of("APP_ENV", "review", "DB_PASSWORD", "not-a-build-arg")).buildArgs("APP_ENV").build());

        service.send(artifact);
        ImageBuilt built = service.awaitBuilt(plan, BUILD_TIMEOUT);

        ImageReference versioned = ImageReference.of(LocalStack.registry(), plan + "/" + plan, "2.3.0-1");
        ImageReference bySha = versioned.withTag(artifact.commit().shortSha());
        assertEquals(List.of(versioned, bySha), built.tags());
        assertEquals(versioned.withDigest(built.image().digest()), built.image());
        assertEquals(artifact.eventId(), built.causationId());
        assertEquals(artifact.build(), built.build());

        ConsumerRecord<String, byte[]> startedRecord = service.awaitProgress(plan, 1, Duration.ofSeconds(10)).get(0);
        StageProgressed started = EventCodec.fromRecord(startedRecord, StageProgressed.class);
        assertEquals(Stage.IMAGE, started.stage());
        assertEquals(Progress.STARTED, started.progress());
        assertEquals(artifact.build(), started.build());
        assertEquals(artifact.commit(), started.commit());
        assertEquals(artifact.eventId(), started.causationId());
        assertFalse(Instant.ofEpochMilli(startedRecord.timestamp()).isAfter(built.time()),
                "the start was published before the build's outcome was even made: " + started + " / " + built);

        assertEquals(built.image().digest(), RegistryProbe.digest(versioned).orElseThrow(), "the registry has the version tag at that digest");
        assertEquals(built.image().digest(), RegistryProbe.digest(bySha).orElseThrow(), "and the short-commit tag");

        docker.untag(versioned);
        docker.untag(bySha);
        docker.pull(built.image());
        assertEquals("hello from " + plan + "\nbuilt for review\n", docker.run(built.image().byDigest()),
                "the image pulled by its digest runs, built with the declared build arg");

        Map<String, String> labels = docker.client().inspectImageCmd(built.image().byDigest()).exec().getConfig().getLabels();
        assertEquals(artifact.commit().value(), labels.get("org.opencontainers.image.revision"));
        assertEquals(Artifacts.REPOSITORY.value(), labels.get("org.opencontainers.image.source"));
        assertEquals("2.3.0", labels.get("org.opencontainers.image.version"));
        assertEquals("2026-11-20T09:00:00Z", labels.get("org.opencontainers.image.created"), "the commit's time, not the clock");
        assertEquals(plan.value(), labels.get("dev.slipway.plan"));
        assertFalse(labels.containsKey("dev.slipway.build-number"), "the build number is in the tags, not in the image: " + labels);

        JsonNode view = service.get("/images/" + plan + "/1").json();
        assertEquals("succeeded", view.get("state").asText());
        assertEquals(built.image().toString(), view.get("image").asText());
        assertEquals(built.image().digest().value(), view.get("digest").asText());
        assertEquals(List.of(versioned.toString(), bySha.toString()), List.of(view.get("tags").get(0).asText(), view.get("tags").get(1).asText()));
        assertEquals("the repository's Dockerfile", view.get("dockerfile").asText());
        assertFalse(view.hasNonNull("pullRequest"), "a build of the plan's branch previews no pull request: " + view);
        assertEquals(null, built.pullRequest());

        HttpAnswer log = service.get("/images/" + plan + "/1/log");
        assertEquals(200, log.status());
        assertTrue(log.body().contains(" : RUN echo \"built for $APP_ENV\""), "the engine's output is in the log: " + log.body());
        assertTrue(log.body().contains("digest: " + built.image().digest().value()), "the push's own report is in the log: " + log.body());
        assertTrue(service.get("/images/" + plan + "/1/dockerfile").body().contains("ARG APP_ENV"));
    }

    /**
     * A pull request's build: {@code ImageBuilt} and the build's record carry the request on, and the image is
     * also pushed as {@code pr-<number>}, the preview's moving tag. The request's title is anyone's text: it is in
     * no label (nor is the request at all: the merged commit's image is the preview's).
     */
    @Test
    void aPullRequestsBuildCarriesItOnAndIsAlsoTaggedAsItsPreview() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nCOPY page.txt /page.txt\n")
                .file("page.txt", "preview of " + plan + "\n")
                .bytes();
        PullRequest request = new PullRequest(42, BranchName.of("patch-1"), BranchName.of("main"), true, "refs/pull/42/head",
                URI.create("https://github.com/slipway/shop/pull/42"), "Fix\" LABEL evil=1 $(touch /tmp/owned) ✓",
                Instant.parse("2026-11-20T10:15:00Z"));
        ArtifactStored artifact = Artifacts.preview(plan, 3, artifacts.serve("/a/" + plan + "/3.tar.gz", archive), archive,
                Artifacts.descriptor(plan).version("1.2.0").build(), request);

        service.send(artifact);
        ImageBuilt built = service.awaitBuilt(plan, BUILD_TIMEOUT);

        assertEquals(request, built.pullRequest(), "the request, with when Slipway was told of the head");
        ImageReference versioned = ImageReference.of(LocalStack.registry(), plan + "/" + plan, "1.2.0-3");
        ImageReference preview = versioned.withTag("pr-42");
        assertEquals(List.of(versioned, versioned.withTag(artifact.commit().shortSha()), preview), built.tags());
        assertEquals(versioned.withDigest(built.image().digest()), built.image(), "pinned by the build's own tag");
        assertEquals(built.image().digest(), RegistryProbe.digest(preview).orElseThrow(), "the registry has pr-42 at the digest");

        Map<String, String> labels = docker.client().inspectImageCmd(built.image().byDigest()).exec().getConfig().getLabels();
        assertTrue(labels.values().stream().noneMatch(v -> v.contains("LABEL evil") || v.contains("Fix")), "no title: " + labels);
        assertFalse(labels.containsKey("evil"), labels.toString());

        JsonNode view = service.get("/images/" + plan + "/3").json();
        assertEquals(preview.toString(), view.get("tags").get(2).asText());
        JsonNode shown = view.get("pullRequest");
        assertEquals(42, shown.get("number").asInt(), view.toString());
        assertEquals("patch-1", shown.get("sourceBranch").asText(), view.toString());
        assertTrue(shown.get("fromFork").asBoolean(), view.toString());
        assertEquals("https://github.com/slipway/shop/pull/42", shown.get("webUrl").asText(), view.toString());
    }

    @Test
    void aStaticSiteWithoutADockerfileGetsAGeneratedOneThatServesThePage() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("index.html", "<h1>Welcome to " + plan + "</h1>\n")
                .directory("css")
                .file("css/site.css", "h1 { color: teal }\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).runtime("static").port(8080).acceptance("/css/site.css", 200).build());

        service.send(artifact);
        ImageBuilt built = service.awaitBuilt(plan, BUILD_TIMEOUT);

        URI site = docker.serve(built.image().byDigest(), 8080);
        HttpResponse<String> page = docker.get(site.resolve("/index.html"));
        assertEquals(200, page.statusCode());
        assertEquals("<h1>Welcome to " + plan + "</h1>\n", page.body());
        assertEquals(404, docker.get(site.resolve("/Dockerfile")).statusCode(), "the generated Dockerfile is not part of the site");

        String dockerfile = service.get("/images/" + plan + "/1/dockerfile").body();
        assertTrue(dockerfile.startsWith("# Generated by Slipway from the 'static' template."), dockerfile);
        assertTrue(dockerfile.contains("FROM " + LocalStack.busyboxImage()), dockerfile);
        assertTrue(dockerfile.contains("CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]"), dockerfile);
        assertEquals("generated from the 'static' template", service.get("/images/" + plan + "/1").json().get("dockerfile").asText());
        assertTrue(service.get("/images/" + plan + "/1/log").body().contains("acceptance check passed: GET /css/site.css answered 200"));
    }

    @Test
    void aFailingTestCommandStopsThePush() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nCOPY check.sh /check.sh\n")
                .executable("check.sh", "#!/bin/sh\necho running 3 checks\necho 'expected 2 + 2 = 4, got 5' >&2\nexit 3\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).testCommand("/check.sh").build());

        service.send(artifact);
        StageFailed failed = service.awaitFailed(plan, BUILD_TIMEOUT);

        assertEquals(Stage.IMAGE, failed.stage());
        assertFalse(failed.retryable(), "a failing test fails until the code changes");
        assertEquals(artifact.build(), failed.build());
        assertEquals(artifact.eventId(), failed.causationId());
        assertTrue(failed.reason().contains("exited with 3"), failed.reason());
        // stdout and stderr are two streams: the engine does not promise their order
        String output = failed.reason().substring(failed.reason().indexOf("Last output:\n"));
        assertTrue(output.contains("running 3 checks") && output.contains("expected 2 + 2 = 4, got 5"),
                "the reason ends with the test's output: " + failed.reason());
        ImageReference versioned = ImageReference.of(LocalStack.registry(), plan + "/" + plan, "1.0.0-1");
        assertTrue(RegistryProbe.digest(versioned).isEmpty(), "nothing was pushed");
        assertTrue(RegistryProbe.digest(versioned.withTag(artifact.commit().shortSha())).isEmpty(), "nothing was pushed");
        assertFalse(docker.hasLocally(versioned), "the failed image does not keep its registry name on the engine either");

        JsonNode view = service.get("/images/" + plan + "/1").json();
        assertEquals("failed", view.get("state").asText());
        assertEquals(failed.reason(), view.get("reason").asText());
        assertFalse(view.has("image"), "no image: " + view);
    }

    @Test
    void aFailingAcceptanceCheckStopsThePush() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive().file("index.html", "home\n").bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).runtime("static").port(8080).acceptance("/health", 200).build());

        service.send(artifact);
        StageFailed failed = service.awaitFailed(plan, Duration.ofMinutes(3));

        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("acceptance check: GET /health should answer 200 but answered 404"), failed.reason());
        assertTrue(RegistryProbe.digest(ImageReference.of(LocalStack.registry(), plan + "/" + plan, "1.0.0-1")).isEmpty(), "nothing was pushed");
    }

    @Test
    void aBrokenDockerfileFailsAtOnceWithDockersOwnErrorLine() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUNN echo typo\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).build());

        service.send(artifact);
        StageFailed failed = service.awaitFailed(plan, BUILD_TIMEOUT);

        assertFalse(failed.retryable(), "a broken Dockerfile stays broken");
        assertEquals("docker build failed: dockerfile parse error line 2: unknown instruction: RUNN", failed.reason());
        String log = service.get("/images/" + plan + "/1/log").body();
        assertFalse(log.contains("trying again"), "it is not retried: " + log);
    }

    @Test
    void aFailingBuildStepFailsWithTheEnginesErrorLine() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive()
                .file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo compiling && exit 7\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).build());

        service.send(artifact);
        StageFailed failed = service.awaitFailed(plan, BUILD_TIMEOUT);

        assertFalse(failed.retryable());
        assertEquals("docker build failed: The command '/bin/sh -c echo compiling && exit 7' returned a non-zero code: 7", failed.reason());
    }

    @Test
    void anArchiveWithAPathEscapingEntryIsRejected() throws Exception {
        PlanName plan = plan();
        String escapee = "escaped-" + plan + ".txt";
        byte[] archive = TarGz.archive()
                .file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\n")
                .file("../../" + escapee, "owned\n")
                .bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).build());

        service.send(artifact);
        StageFailed failed = service.awaitFailed(plan, BUILD_TIMEOUT);

        assertFalse(failed.retryable());
        assertEquals("archive entry '../../" + escapee + "' contains '..' and would escape the build directory", failed.reason());
        try (var files = Files.walk(data)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals(escapee)), "nothing was written for it");
        }
    }

    @Test
    void anArchiveThatIsNotTheOneTheEventDescribesIsNotBuilt() throws Exception {
        PlanName plan = plan();
        byte[] announced = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\n").bytes();
        byte[] served = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo swapped\n").bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", served), announced,
                Artifacts.descriptor(plan).build());

        service.send(artifact);
        StageFailed failed = service.awaitFailed(plan, BUILD_TIMEOUT);

        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("but the event says " + artifact.sha256()), failed.reason());
    }

    @Test
    void aRedeliveredArtifactIsNotBuiltAgainAndGetsTheRecordedResult() throws Exception {
        PlanName plan = plan();
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo once\n").bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).build());
        service.send(artifact);
        ImageBuilt first = service.awaitBuilt(plan, BUILD_TIMEOUT);
        String log = service.get("/images/" + plan + "/1/log").body();

        service.send(artifact);
        ArtifactStored sameBuildNewEvent = new ArtifactStored(EventId.random(), artifact.causationId(),
                artifact.time(), artifact.build(), artifact.repository(), artifact.branch(), artifact.commit(), artifact.commitTime(),
                artifact.artifactUrl(), artifact.sha256(), artifact.sizeBytes(), artifact.descriptor());
        service.send(sameBuildNewEvent);
        List<ImageBuilt> all = service.awaitBuilt(plan, 3, Duration.ofSeconds(30));

        assertEquals(List.of(first, first, first), all, "each repeat gets the recorded event itself, same id");
        assertEquals(List.of(artifact.eventId()), service.drainProgress(plan, Duration.ofSeconds(1)).stream()
                .map(StageProgressed::causationId).toList(), "only the build that ran was reported as started");
        assertEquals(log, service.get("/images/" + plan + "/1/log").body(), "and nothing was built or pushed again");
        assertEquals(1, artifacts.requested().stream().filter(p -> p.contains(plan.value())).count(), "the archive was fetched once");
    }

    @Test
    void buildsBeyondTheConcurrencyLimitWaitInTheQueue() throws Exception {
        PlanName plan = plan();
        List<ArtifactStored> requests = new ArrayList<>();
        for (int number = 1; number <= 2; number++) {
            byte[] archive = TarGz.archive()
                    .file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN sleep 2 && echo " + plan + "-" + number + " > /n\n")
                    .bytes();
            requests.add(Artifacts.stored(plan, number, artifacts.serve("/a/" + plan + "/" + number + ".tar.gz", archive), archive,
                    Artifacts.descriptor(plan).build()));
        }
        requests.forEach(service::send);
        service.awaitBuilt(plan, 2, BUILD_TIMEOUT);

        JsonNode first = service.get("/images/" + plan + "/1").json();
        JsonNode second = service.get("/images/" + plan + "/2").json();
        Instant firstFinished = Instant.parse(first.get("finishedAt").asText());
        Instant secondStarted = Instant.parse(second.get("startedAt").asText());
        assertFalse(secondStarted.isBefore(firstFinished),
                "with one build slot the second build starts after the first ends: " + first + " / " + second);
    }

    @Test
    void aPlanOutsideThePlanPatternIsLeftToAnotherInstance() throws Exception {
        PlanName foreign = PlanName.of("another-team-" + plan().value());
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\n").bytes();
        service.send(Artifacts.stored(foreign, 1, artifacts.serve("/a/" + foreign + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(foreign).build()));

        assertEquals(List.of(), service.drainResults(foreign, Duration.ofSeconds(3)), "neither built nor failed here");
        assertEquals(404, service.get("/images/" + foreign + "/1").status());
        assertEquals(List.of(), artifacts.requested().stream().filter(p -> p.contains(foreign.value())).toList());
    }

    @Test
    void unknownBuildsAreClear404sAndNonsenseIsA400() throws Exception {
        HttpAnswer unknown = service.get("/images/no-such-plan/7");
        assertEquals(404, unknown.status());
        assertEquals("no image build no-such-plan/7 is known to this service", unknown.json().get("message").asText());
        assertEquals(404, service.get("/images/no-such-plan/7/log").status());
        assertEquals(404, service.get("/images/no-such-plan/7/dockerfile").status());

        HttpAnswer badPlan = service.get("/images/Not_A_Plan/1");
        assertEquals(400, badPlan.status());
        assertTrue(badPlan.json().get("message").asText().startsWith("plan name 'Not_A_Plan' is invalid"), badPlan.body());
        HttpAnswer badNumber = service.get("/images/shop/latest");
        assertEquals(400, badNumber.status());
        assertEquals("build number 'latest' is not a number", badNumber.json().get("message").asText());
    }

    private PlanName plan() {
        PlanName plan = ImageServiceUnderTest.uniquePlan("build");
        plans.add(plan);
        return plan;
    }
}
