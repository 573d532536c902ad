package dev.slipway.image.http;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.infrastructure.security.ApiToken;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may read what: every endpoint of the service shows a build's image, log or Dockerfile, and
 * each needs a viewer's bearer token (nothing here changes anything, so no endpoint needs more).
 * Called as a stranger would: without a token, with a made-up one, and then with each role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesAccessTest {
    private ArtifactServer artifacts;
    private ImageServiceUnderTest service;
    private PlanName plan;

    @BeforeAll
    void buildOne(@TempDir Path data) {
        artifacts = ArtifactServer.start();
        service = ImageServiceUnderTest.start(artifacts, data, Map.of());
        plan = ImageServiceUnderTest.uniquePlan("access");
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo readable\n").bytes();
        ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                Artifacts.descriptor(plan).build());
        service.send(artifact);
        service.awaitBuilt(plan, Duration.ofMinutes(2));
    }

    @AfterAll
    void stop() {
        service.close();
        artifacts.close();
        try (TestDocker docker = new TestDocker()) {
            docker.removeImagesOf(plan);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/log", "/dockerfile"})
    void withoutATokenItIsA401ThatNamesTheViewerRole(String endpoint) {
        HttpAnswer answer = service.anonymously().get(path(endpoint));
        answer.expect(401, "this endpoint needs a bearer token");
        assertTrue(answer.message().contains("the viewer role"), answer.message());
        assertEquals("Bearer", answer.header("WWW-Authenticate"));
        assertFalse(answer.body().contains("readable"), "nothing of the build shows: " + answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/log", "/dockerfile"})
    void withATokenItDoesNotKnowItIsA401(String endpoint) {
        HttpAnswer madeUp = service.anonymously().get(path(endpoint), "Authorization", "Bearer " + ApiToken.generate());
        madeUp.expect(401, "the bearer token is not one this service accepts");
        assertTrue(madeUp.message().contains("the viewer role"), madeUp.message());

        // A real token's hash is what the service keeps: sending the hash is no better than guessing.
        HttpAnswer hash = service.anonymously().get(path(endpoint), "Authorization", "Bearer " + ApiToken.sha256Hex(TestTokens.of(Role.VIEWER)));
        hash.expect(401);
        HttpAnswer basic = service.anonymously().get(path(endpoint), "Authorization", "Basic " + TestTokens.of(Role.VIEWER));
        basic.expect(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/log", "/dockerfile"})
    void everyRoleFromViewerUpReadsIt(String endpoint) {
        for (Role role : Role.values()) {
            HttpAnswer answer = service.as(role).get(path(endpoint));
            assertEquals(200, answer.status(), role + ": " + answer);
        }
        assertTrue(service.as(Role.VIEWER).get(path("/dockerfile")).body().contains("RUN echo readable"));
        assertEquals("succeeded", service.as(Role.VIEWER).get(path("")).json().get("state").asText());
    }

    @Test
    void healthAnswersAnyoneButItsDetailsOnlyATokenHolder() {
        HttpAnswer anonymous = service.anonymously().get("/health").expect(200);
        assertEquals("UP", anonymous.json().path("status").asText());
        assertFalse(anonymous.json().has("details"), "no details without a token: " + anonymous);
        assertTrue(service.as(Role.VIEWER).get("/health").expect(200).json().has("details"));
        service.anonymously().get("/prometheus").expect(200);
    }

    private String path(String endpoint) {
        return "/images/" + plan + "/1" + endpoint;
    }
}
