package dev.slipway.artifact.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.Topics;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.slipway.artifact.testing.Archives.contents;
import static dev.slipway.artifact.testing.Archives.sha256;
import static dev.slipway.artifact.testing.TestRepository.executable;
import static dev.slipway.artifact.testing.TestRepository.file;
import static dev.slipway.artifact.testing.TestRepository.submodule;
import static dev.slipway.artifact.testing.TestRepository.symlink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A commit, served over the Git protocol or from a directory, goes in as {@code CommitReceived}
 * on the real broker and comes out as a numbered build in the filesystem store: announced with
 * {@code ArtifactStored} and served over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitToArtifactTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path data;
    private Path repositories;
    private GitDaemon daemon;
    private RunningService service;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("artifact-test-");
        repositories = Files.createDirectories(data.resolve("repositories"));
        daemon = GitDaemon.serve(repositories);
        service = ArtifactServiceFixture.on(data)
                .property("slipway.artifact.git.allowed", "127.0.0.1:" + daemon.port() + "," + repositories.toUri())
                .start();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        Archives.deleteRecursively(data);
    }

    @Test
    void aCommitServedOverTheGitProtocolBecomesBuildOneWhoseArchiveHoldsExactlyItsTree() throws Exception {
        Map<String, TestRepository.Content> tree = new LinkedHashMap<>();
        tree.put("README.md", file("# Shop\n"));
        tree.put("src/index.php", file("<?php echo 'Grüße ✓';\n"));
        tree.put("bin/run.sh", executable("#!/bin/sh\nphp -S 0.0.0.0:80 -t src\n"));
        tree.put("current", symlink("bin/run.sh"));
        tree.put("vendor/theme", submodule("3f45da68399daf74b35561c0f30cf0a2021def4b"));
        CommitSha sha;
        try (TestRepository repository = TestRepository.create(repositories, "shop-" + UUID.randomUUID())) {
            sha = repository.commit("main", "Add the shop", tree);
            PlanName plan = SampleEvents.uniquePlan("git-protocol");

            ArtifactStored stored = publishAndAwaitStored(commit(plan, daemon.url(repository.directory()), sha));

            assertEquals(plan + "/1", stored.build().toString());
            assertEquals(sha, stored.commit());
            assertEquals(Instant.parse("2026-11-20T09:00:00Z"), stored.commitTime());
            assertEquals(BuildDescriptor.defaults(plan, sha), stored.descriptor());
            assertEquals(service.uri("/artifacts/" + plan + "/1/source.tar.gz"), stored.artifactUrl());

            HttpAnswer download = ArtifactServiceFixture.download(stored.artifactUrl());
            assertEquals(200, download.status());
            assertEquals("application/gzip", Objects.toString(download.header("Content-Type"), ""));
            assertEquals("\"" + stored.sha256().hex() + "\"", Objects.toString(download.header("ETag"), ""));
            assertEquals("sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.sha256().hex())),
                    Objects.toString(download.header("Digest"), ""));
            assertTrue(Objects.toString(download.header("Cache-Control"), "").contains("immutable"),
                    "a build's archive never changes: " + download.headers().map());
            assertEquals(stored.sha256().hex(), sha256(download.bytes()));
            assertEquals(stored.sizeBytes(), download.bytes().length);

            Map<String, String> expected = new TreeMap<>();
            expected.put("README.md", "file 644 # Shop\n");
            expected.put("src/", "directory 755");
            expected.put("src/index.php", "file 644 <?php echo 'Grüße ✓';\n");
            expected.put("bin/", "directory 755");
            expected.put("bin/run.sh", "file 755 #!/bin/sh\nphp -S 0.0.0.0:80 -t src\n");
            expected.put("current", "link -> bin/run.sh");
            // vendor/theme is a submodule: another repository's commit, not content of this tree; its directory is.
            expected.put("vendor/", "directory 755");
            assertEquals(expected, contents(download.bytes()));

            HttpAnswer unchanged = ArtifactServiceFixture.download(stored.artifactUrl(), "If-None-Match", "\"" + stored.sha256().hex() + "\"");
            assertEquals(304, unchanged.status(), "a client holding the archive can revalidate it by its digest");
        }
    }

    @Test
    void aRepositoryInADirectoryWorksTooAndEachNewCommitGetsTheNextNumber() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "blog-" + UUID.randomUUID())) {
            PlanName plan = SampleEvents.uniquePlan("file-url");
            CommitSha first = repository.commit("main", "First post", Map.of("index.html", file("<h1>One</h1>")));
            CommitSha second = repository.commit("main", "Second post",
                    Map.of("index.html", file("<h1>Two</h1>"), "two.html", file("<p>2</p>")));

            ArtifactStored one = publishAndAwaitStored(commit(plan, repository.fileUrl(), first));
            ArtifactStored two = publishAndAwaitStored(commit(plan, repository.fileUrl(), second));

            assertEquals(1, one.build().number().value());
            assertEquals(2, two.build().number().value());
            JsonNode list = json(service.get("/artifacts/" + plan));
            assertEquals(plan.value(), list.get("plan").asText());
            assertEquals(List.of(2, 1), list.get("builds").findValues("number").stream().map(JsonNode::asInt).toList(),
                    "newest first");

            JsonNode build = json(service.get("/artifacts/" + plan + "/1"));
            assertEquals(plan + "/1", build.get("build").asText());
            assertEquals(first.value(), build.get("commit").asText());
            assertEquals(repository.fileUrl(), build.get("repository").asText());
            assertEquals("main", build.get("branch").asText());
            assertEquals("Zoë Tester", build.get("author").get("name").asText());
            assertEquals("First post", build.get("message").asText());
            assertEquals("push", build.get("trigger").asText());
            assertEquals(one.sha256().value(), build.get("sha256").asText());
            assertEquals(one.sizeBytes(), build.get("sizeBytes").asLong());
            assertEquals("2026-11-20T09:00:00Z", build.get("commitTime").asText());
            assertEquals("defaults", build.get("descriptor").get("source").asText());
            assertEquals(one.time(), Instant.parse(build.get("storedAt").asText()));
            assertEquals(Map.of("index.html", "file 644 <h1>One</h1>"), contents(ArtifactServiceFixture.download(one.artifactUrl()).bytes()));
            assertEquals(Map.of("index.html", "file 644 <h1>Two</h1>", "two.html", "file 644 <p>2</p>"),
                    contents(ArtifactServiceFixture.download(two.artifactUrl()).bytes()));
        }
    }

    @Test
    void theSameCommitArchivedTwiceHasTheSameDigestAndIsStoredOnce() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "docs-" + UUID.randomUUID())) {
            PlanName plan = SampleEvents.uniquePlan("same-commit");
            CommitSha sha = repository.commit("main", "Docs", Map.of("docs/guide.md", file("# Guide\n"), "run", executable("echo")));

            // Three builds of one commit: twice through one mirror, once through another (file://). A commit that has
            // a build is built again only when a rebuild is asked for.
            ArtifactStored first = publishAndAwaitStored(commit(plan, daemon.url(repository.directory()), sha));
            ArtifactStored second = publishAndAwaitStored(rebuild(plan, daemon.url(repository.directory()), sha));
            ArtifactStored third = publishAndAwaitStored(rebuild(plan, repository.fileUrl(), sha));

            assertEquals(List.of(1L, 2L, 3L), Stream.of(first, second, third).map(s -> s.build().number().value()).toList());
            assertEquals(first.sha256(), second.sha256());
            assertEquals(first.sha256(), third.sha256());
            try (Stream<Path> blobs = Files.walk(data.resolve("store").resolve("blobs"))) {
                assertEquals(1, blobs.filter(p -> p.getFileName().toString().startsWith(first.sha256().hex())).count(),
                        "identical archives are stored once");
            }
        }
    }

    @Test
    void aRedeliveredEventIsAnnouncedAgainWithoutASecondBuildAndOnlyTheRealBuildIsReportedAsStarted() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "api-" + UUID.randomUUID())) {
            PlanName plan = SampleEvents.uniquePlan("redelivered");
            CommitSha sha = repository.commit("main", "API", Map.of("api.py", file("print('hi')\n")));
            CommitReceived event = commit(plan, daemon.url(repository.directory()), sha);

            try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED);
                 TopicReader progress = TopicReader.fromNow(Topics.STAGE_PROGRESSED)) {
                service.publish(event);
                service.publish(event); // Kafka delivers at least once: the same event again
                List<ConsumerRecord<String, byte[]>> records = reader.await(service.emitted(plan), 2, WAIT);
                ArtifactStored first = EventCodec.fromRecord(records.get(0), ArtifactStored.class);
                ArtifactStored again = EventCodec.fromRecord(records.get(1), ArtifactStored.class);
                assertEquals(first, again, "the same event, with the same id, so a consumer can tell it is a repeat");
                assertEquals(event.eventId(), first.causationId());
                assertEquals(1, first.build().number().value());

                // The repeat was answered from the store, without work, so it is not reported as started. A start is on the
                // broker before the work it announces begins: a second one would be there before the second answer.
                List<ConsumerRecord<String, byte[]>> starts = progress.drain(plan.value(), Duration.ofSeconds(1)).stream()
                        .filter(service.emitted(plan)).toList();
                assertEquals(1, starts.size(), "one StageProgressed for one build: " + starts);
                StageProgressed started = EventCodec.fromRecord(starts.get(0), StageProgressed.class);
                assertEquals(Stage.ARTIFACT, started.stage());
                assertEquals(Progress.STARTED, started.progress());
                assertEquals(event.eventId(), started.causationId());
                assertEquals(sha, started.commit());
                assertNull(started.build(), "the build is not numbered before it is stored");
                assertTrue(starts.get(0).timestamp() <= records.get(0).timestamp() && !started.time().isAfter(first.time()),
                        "the start is published before the build's outcome: " + started + " / " + first);
            }
            JsonNode builds = json(service.get("/artifacts/" + plan)).get("builds");
            assertEquals(1, builds.size(), "no second build: " + builds);
        }
    }

    @Test
    void unknownPlansAndBuildsAreClear404sAndNonsenseIsA400() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("nothing-here");
        assertError(service.get("/artifacts/" + plan), 404, "plan '" + plan + "' has no stored builds");
        assertError(service.get("/artifacts/" + plan + "/7"), 404, "build " + plan + "/7 does not exist");
        assertError(service.get("/artifacts/" + plan + "/7/source.tar.gz"), 404, "build " + plan + "/7 does not exist");
        assertError(service.get("/artifacts/" + plan + "/seven"), 400, "build number 'seven' is not a number");
        assertError(service.get("/artifacts/Not_A_Plan"), 400, "plan name 'Not_A_Plan' is invalid");
    }

    private static void assertError(HttpAnswer answer, int status, String messageStart) {
        String message = answer.expect(status).message();
        assertTrue(message.startsWith(messageStart), message);
    }

    private ArtifactStored publishAndAwaitStored(CommitReceived event) {
        try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
            service.publish(event);
            ConsumerRecord<String, byte[]> record = reader.await(service.emitted(event.plan())
                    .and(r -> EventCodec.fromRecord(r, ArtifactStored.class).causationId().equals(event.eventId())), 1, WAIT).get(0);
            return EventCodec.fromRecord(record, ArtifactStored.class);
        }
    }

    private static CommitReceived commit(PlanName plan, String url, CommitSha sha) {
        return ArtifactServiceFixture.commitReceived(plan, url, sha);
    }

    private static CommitReceived rebuild(PlanName plan, String url, CommitSha sha) {
        return ArtifactServiceFixture.commitReceived(plan, url, "main", sha, Trigger.MANUAL, true);
    }

    private static JsonNode json(HttpAnswer answer) {
        return answer.expect(200).json();
    }
}
