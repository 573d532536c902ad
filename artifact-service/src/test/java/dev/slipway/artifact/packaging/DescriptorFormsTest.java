package dev.slipway.artifact.packaging;

import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.descriptor.AcceptanceCheck;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each descriptor form a repository may carry, through the running service: the normalised
 * descriptor in {@code ArtifactStored} (as the README documents it), or a {@code StageFailed}
 * that names the file, the field and what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DescriptorFormsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path data;
    private Path repositories;
    private RunningService service;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("artifact-descriptors-");
        repositories = Files.createDirectories(data.resolve("repositories"));
        service = ArtifactServiceFixture.on(data)
                .property("slipway.artifact.git.allowed", repositories.toUri().toString())
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        Archives.deleteRecursively(data);
    }

    @Test
    void neitherFileGivesThePlanNameAndTheShortCommit() {
        PlanName plan = SampleEvents.uniquePlan("no-descriptor");
        Built built = build(plan, Map.of("index.html", "<h1>hi</h1>"));
        assertEquals(BuildDescriptor.defaults(plan, built.commit()), stored(built).descriptor());
    }

    @Test
    void specJsonNamesTheService() {
        PlanName plan = SampleEvents.uniquePlan("spec-only");
        Built built = build(plan, Map.of("spec.json", "{\"service\": {\"name\": \"shop\", \"version\": \"1.4.0\"}}"));
        assertEquals(new BuildDescriptor("shop", "1.4.0", Map.of(), Resources.DEFAULT, 80, "/", null, null, List.of(),
                null, null, "spec.json"), stored(built).descriptor());
    }

    @Test
    void dependencyJsonGivesEnvironmentResourcesAndBuildSettings() {
        PlanName plan = SampleEvents.uniquePlan("dependency-only");
        Built built = build(plan, Map.of("dependency.json", """
                {
                  "APP_ENV": "review",
                  "db": {"host": "db", "port": 5432},
                  "php-extensions": ["gd", "curl"],
                  "resources": {"cpus": 0.5, "memory": "1g", "instances": 2, "disk": "512m"},
                  "port": 8080,
                  "healthCheck": "/health",
                  "runtime": "php",
                  "buildArgs": ["APP_ENV"],
                  "test": "php -l index.php",
                  "acceptance": {"path": "/", "status": 200}
                }
                """));
        assertEquals(new BuildDescriptor(plan.value(), built.commit().shortSha(),
                Map.of("APP_ENV", "review", "db_host", "db", "db_port", "5432", "php_extensions", "gd,curl"),
                new Resources(0.5, 1024, 512, 2), 8080, "/health", "php", null, List.of("APP_ENV"), "php -l index.php",
                new AcceptanceCheck("/", 200), "dependency.json"), stored(built).descriptor());
    }

    @Test
    void withBothFilesSpecJsonNamesAndDependencyJsonDescribes() {
        PlanName plan = SampleEvents.uniquePlan("both-files");
        Built built = build(plan, Map.of(
                "spec.json", "{\"service\": {\"name\": \"shop\", \"version\": \"2.0.0\"}}",
                "dependency.json", "{\"APP_ENV\": \"qa\", \"resources\": {\"memory\": 256}}"));
        BuildDescriptor descriptor = stored(built).descriptor();
        assertEquals("shop", descriptor.name());
        assertEquals("2.0.0", descriptor.version());
        assertEquals(Map.of("APP_ENV", "qa"), descriptor.environment());
        assertEquals(new Resources(Resources.DEFAULT.cpus(), 256, 0, 1), descriptor.resources());
        assertEquals("dependency.json+spec.json", descriptor.source());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "dependency.json | {\"APP_ENV\": \"qa\",,} | `dependency.json: is not valid JSON at line 1, column 18`",
            "dependency.json | {\"resources\": {\"cpus\": -0.5}} | `dependency.json: resources.cpus must be more than 0 and at most 1024, was -0.5`",
            "dependency.json | {\"resources\": {\"memory\": \"2q\"}} | `dependency.json: resources.memory has the unknown unit 'q' in \"2q\"`",
            "spec.json | {\"service\": {\"name\": \"My Shop\"}} | `spec.json: service.name 'My Shop' cannot be an image name`",
            // A health check that is another host's address would have deploy-service probe it (SSRF) and report what it answered.
            "dependency.json | {\"healthCheck\": \"//169.254.169.254/latest/meta-data\"} | `dependency.json: healthCheck.path must be a path on the application itself: it starts with '//', which makes the rest a host name`",
    })
    void anInvalidDescriptorFailsTheBuildNamingFileFieldAndProblem(String file, String content, String reason) {
        PlanName plan = SampleEvents.uniquePlan("invalid");
        PipelineEvent outcome = outcome(build(plan, Map.of(file, content)));
        StageFailed failed = assertInstanceOf(StageFailed.class, outcome);
        assertTrue(failed.reason().startsWith(reason), failed.reason());
        assertFalse(failed.retryable(), "it fails the same way until the file is fixed");
        assertNull(failed.build());
    }

    @Test
    void anOversizedDescriptorIsRefusedUnread() {
        PlanName plan = SampleEvents.uniquePlan("oversized");
        String huge = "{\"padding\": \"" + "x".repeat(70_000) + "\"}";
        StageFailed failed = assertInstanceOf(StageFailed.class, outcome(build(plan, Map.of("dependency.json", huge))));
        assertTrue(failed.reason().startsWith("dependency.json: is 70015 bytes; at most 65536 are read"), failed.reason());
    }

    private record Built(CommitReceived event, CommitSha commit) {
    }

    private Built build(PlanName plan, Map<String, String> files) {
        Map<String, TestRepository.Content> tree = new HashMap<>();
        files.forEach((name, content) -> tree.put(name, file(content)));
        try (TestRepository repository = TestRepository.create(repositories, "app-" + UUID.randomUUID())) {
            CommitSha sha = repository.commit("main", "Describe the build", tree);
            return new Built(ArtifactServiceFixture.commitReceived(plan, repository.fileUrl(), sha), sha);
        }
    }

    private ArtifactStored stored(Built built) {
        return assertInstanceOf(ArtifactStored.class, outcome(built));
    }

    /** Whichever this service answers with: ArtifactStored or StageFailed. */
    private PipelineEvent outcome(Built built) {
        PlanName plan = built.event().plan();
        try (TopicReader stored = TopicReader.fromNow(Topics.ARTIFACT_STORED);
             TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(built.event());
            // The readers' consumers stay on this thread: a Kafka consumer is not to be shared between threads.
            ConsumerRecord<String, byte[]> answer = await("an outcome for plan " + plan).atMost(WAIT).pollInSameThread()
                    .until(() -> answer(List.of(stored, failed), plan), Optional::isPresent)
                    .orElseThrow();
            return EventCodec.fromRecord(answer);
        }
    }

    private Optional<ConsumerRecord<String, byte[]>> answer(List<TopicReader> readers, PlanName plan) {
        for (TopicReader reader : readers) {
            Optional<ConsumerRecord<String, byte[]>> answer = reader.drain(plan.value(), Duration.ofMillis(200)).stream()
                    .filter(service.emitted(plan)).findFirst();
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.empty();
    }
}
