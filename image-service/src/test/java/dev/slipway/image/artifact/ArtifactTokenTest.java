package dev.slipway.image.artifact;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.LogCapture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The artifact service wants a token for its archives; the image service has one
 * ({@code slipway.image.artifacts.token}). An event names the URL to fetch, so an event is what an
 * attacker would use to make the service hand its token to a server of theirs: the token goes to
 * the allowed artifact prefixes and nowhere else, not even along a redirect, and it appears in no
 * log, build log, answer or event.
 */
class ArtifactTokenTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void theTokenGoesToTheArtifactServiceAndNeverToAnotherServer(@TempDir Path data) throws Exception {
        String token = "artifact-viewer-" + UUID.randomUUID();
        PlanName honest = ImageServiceUnderTest.uniquePlan("token");
        PlanName elsewhere = ImageServiceUnderTest.uniquePlan("token-elsewhere");
        PlanName redirected = ImageServiceUnderTest.uniquePlan("token-redirect");
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo fetched with a token\n").bytes();

        try (LogCapture console = LogCapture.start();
             ArtifactServer artifacts = ArtifactServer.start();
             ArtifactServer attacker = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of("slipway.image.artifacts.token", token))) {
            service.send(Artifacts.stored(honest, 1, artifacts.serve("/artifacts/" + honest + "/1/source.tar.gz", archive), archive,
                    Artifacts.descriptor(honest).build()));
            service.awaitBuilt(honest, BUILD_TIMEOUT);
            assertEquals(List.of(new ArtifactServer.Request("/artifacts/" + honest + "/1/source.tar.gz", "Bearer " + token)),
                    artifacts.requests(), "the artifact service got the token with the download");

            URI foreign = attacker.serve("/steal/" + elsewhere + ".tar.gz", archive);
            service.send(Artifacts.stored(elsewhere, 1, foreign, archive, Artifacts.descriptor(elsewhere).build()));
            StageFailed refused = service.awaitFailed(elsewhere, BUILD_TIMEOUT);
            assertTrue(refused.reason().contains("is not under an allowed prefix"), refused.reason());

            URI bounce = artifacts.redirect("/artifacts/" + redirected + "/1/source.tar.gz", attacker.serve("/steal/" + redirected + ".tar.gz", archive));
            service.send(Artifacts.stored(redirected, 1, bounce, archive, Artifacts.descriptor(redirected).build()));
            StageFailed notFollowed = service.awaitFailed(redirected, BUILD_TIMEOUT);
            assertTrue(notFollowed.reason().contains("answered 302"), notFollowed.reason());

            assertEquals(List.of(), attacker.requests(), "the other server was never asked, so it never saw the token");

            for (PlanName plan : List.of(honest, elsewhere, redirected)) {
                String log = service.get("/images/" + plan + "/1/log").body();
                assertTrue(log.contains("download "), "the build log is the one of the download: " + log);
                assertFalse(log.contains(token), "the build log never shows the token: " + log);
                assertFalse(service.get("/images/" + plan + "/1").body().contains(token));
                for (ConsumerRecord<String, byte[]> record : service.drainResults(plan, Duration.ofMillis(500))) {
                    assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains(token), "no event carries the token");
                }
            }
            assertTrue(console.text().contains("Build " + honest + "/1 succeeded"), "the service's log is captured");
            assertFalse(console.text().contains(token), "the service never logs the token");
            docker.removeImagesOf(honest);
        }
    }

    @Test
    void theConfigurationNeverPrintsTheToken() {
        String token = "artifact-viewer-" + UUID.randomUUID();
        ArtifactConfiguration configuration = new ArtifactConfiguration(List.of("http://127.0.0.1:8082/"), 1000, 10, 1000,
                Duration.ofSeconds(1), Duration.ofSeconds(1), token);
        assertFalse(configuration.toString().contains(token), configuration.toString());
        assertTrue(configuration.toString().contains("token=****"), configuration.toString());
    }
}
