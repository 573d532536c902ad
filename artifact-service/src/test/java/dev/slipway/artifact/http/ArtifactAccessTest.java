package dev.slipway.artifact.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.security.ApiToken;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may read the stored builds: every endpoint needs a token with the viewer role (the least
 * role, so there is no "too little role" here), and the archive is what a token holder downloads.
 * Health says UP to anyone, its details (disk, broker) only to a token holder; metrics are open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactAccessTest {
    private static final String SECRET_SOURCE = "<?php $password = 'only for token holders';";

    private Path data;
    private RunningService service;
    private PlanName plan;
    private ArtifactStored stored;

    @BeforeAll
    void buildOneCommit() throws IOException {
        data = Files.createTempDirectory("artifact-access-");
        Path repositories = Files.createDirectories(data.resolve("repositories"));
        service = ArtifactServiceFixture.on(data)
                .property("slipway.artifact.git.allowed", repositories.toUri().toString())
                .start();
        plan = SampleEvents.uniquePlan("access");
        try (TestRepository repository = TestRepository.create(repositories, "shop")) {
            CommitSha sha = repository.commit("main", "Add the shop", Map.of("config.php", file(SECRET_SOURCE)));
            stored = assertInstanceOf(ArtifactStored.class,
                    ArtifactServiceFixture.outcome(service, ArtifactServiceFixture.commitReceived(plan, repository.fileUrl(), sha)));
        }
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        Archives.deleteRecursively(data);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/artifacts/PLAN", "/artifacts/PLAN/1", "/artifacts/PLAN/1/source.tar.gz"})
    void withoutATokenItIs401AndSaysTheViewerRoleIsNeeded(String endpoint) {
        HttpAnswer answer = service.anonymously().get(endpoint.replace("PLAN", plan.value()));

        answer.expect(401, "this endpoint needs a bearer token");
        assertTrue(answer.message().endsWith("with a token that has the viewer role"), answer.message());
        assertFalse(answer.body().contains(SECRET_SOURCE) || answer.body().contains(stored.sha256().hex()), answer.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/artifacts/PLAN", "/artifacts/PLAN/1", "/artifacts/PLAN/1/source.tar.gz"})
    void aTokenThisServiceDoesNotKnowIs401(String endpoint) {
        service.anonymously().get(endpoint.replace("PLAN", plan.value()), "Authorization", "Bearer " + ApiToken.generate())
                .expect(401, "the bearer token is not one this service accepts")
                .expect(401, "the viewer role");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/artifacts/PLAN", "/artifacts/PLAN/1", "/artifacts/PLAN/1/source.tar.gz"})
    void aViewerReadsIt(String endpoint) {
        service.as(Role.VIEWER).get(endpoint.replace("PLAN", plan.value())).expect(200);
    }

    @Test
    void theArchiveUrlInTheEventIsDownloadedWithAViewersTokenAndNotWithout() throws IOException {
        assertEquals(401, HttpAnswer.get(stored.artifactUrl()).status(), "the archive is not open to anyone who has its URL");
        HttpAnswer download = ArtifactServiceFixture.download(stored.artifactUrl()).expect(200);
        assertEquals(Map.of("config.php", "file 644 " + SECRET_SOURCE), Archives.contents(download.bytes()));
    }

    @Test
    void healthShowsItsDetailsOnlyToATokenHolderAndMetricsNeedNone() {
        JsonNode anonymous = service.anonymously().get("/health").expect(200).json();
        assertEquals("UP", anonymous.path("status").asText(), anonymous::toString);
        assertFalse(anonymous.has("details"), "no details (disk, broker ids) without a token: " + anonymous);
        JsonNode viewer = service.as(Role.VIEWER).get("/health").expect(200).json();
        assertTrue(viewer.path("details").toString().contains("kafka"), "a token holder sees the broker: " + viewer);
        service.anonymously().get("/prometheus").expect(200);
    }
}
