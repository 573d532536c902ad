package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A credential inside a URL ({@code https://TOKEN@host/...}, as Git hosts hand them out) that
 * reaches this service in an event goes no further: not into the image's labels (anyone who can
 * pull the image reads them), the build log, an answer, an event or a log line.
 */
class CredentialsInUrlsTest {
    private static final String TOKEN = "ghp_n0tA7okenButC0uldBe0ne";

    @Test
    void aTokenInTheRepositoryUrlIsNeitherInTheImageNorInWhatTheServiceShows(@TempDir Path data) throws Exception {
        PlanName plan = ImageServiceUnderTest.uniquePlan("creds");
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo labelled\n").bytes();
        try (LogCapture console = LogCapture.start();
             ArtifactServer artifacts = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of())) {
            ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                    Artifacts.descriptor(plan).build(), RepositoryUrl.of("https://" + TOKEN + "@github.com/slipway/shop.git"));

            service.send(artifact);
            ImageBuilt built = service.awaitBuilt(plan, Duration.ofMinutes(2));

            docker.pull(built.image());
            Map<String, String> labels = docker.client().inspectImageCmd(built.image().byDigest()).exec().getConfig().getLabels();
            assertEquals("https://github.com/slipway/shop.git", labels.get("org.opencontainers.image.source"), "the source, without the token");
            assertFalse(labels.toString().contains(TOKEN), labels.toString());
            String log = service.get("/images/" + plan + "/1/log").body();
            assertTrue(log.contains("of https://github.com/slipway/shop.git at"), log);
            assertFalse(log.contains(TOKEN), log);
            assertFalse(service.get("/images/" + plan + "/1").body().contains(TOKEN));
            assertNoEventCarries(service, plan, TOKEN);
            assertTrue(console.text().contains("Build " + plan + "/1 succeeded"), "the service's log is captured");
            assertFalse(console.text().contains(TOKEN), "no log line shows the token");
            docker.removeImagesOf(plan);
        }
    }

    @Test
    void aPasswordInAnArtifactUrlIsNotRepeatedInTheReasonItIsRefusedFor(@TempDir Path data) throws Exception {
        String password = "hunter2-" + TOKEN;
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\n").bytes();
        try (LogCapture console = LogCapture.start();
             ArtifactServer artifacts = ArtifactServer.start();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of())) {
            String authority = artifacts.prefix().substring("http://".length());
            for (String url : List.of("ftp://deploy:" + password + "@" + authority + "a.tar.gz",
                    "http://deploy:" + password + "@" + authority + "a.tar.gz")) {
                PlanName plan = ImageServiceUnderTest.uniquePlan("creds-url");
                service.send(Artifacts.stored(plan, 1, URI.create(url), archive, Artifacts.descriptor(plan).build()));
                StageFailed refused = service.awaitFailed(plan, Duration.ofMinutes(1));

                assertTrue(refused.reason().contains("artifact URL '"), refused.reason());
                assertFalse(refused.reason().contains(password), "the reason does not repeat the password: " + refused.reason());
                String log = service.get("/images/" + plan + "/1/log").body();
                assertFalse(log.contains(password), log);
                assertNoEventCarries(service, plan, password);
            }
            assertEquals(List.of(), artifacts.requests(), "neither was fetched");
            assertFalse(console.text().contains(password), "no log line shows the password");
        }
    }

    private static void assertNoEventCarries(ImageServiceUnderTest service, PlanName plan, String secret) {
        List<ConsumerRecord<String, byte[]>> results = service.drainResults(plan, Duration.ofMillis(500));
        assertFalse(results.isEmpty(), "the results are read");
        for (ConsumerRecord<String, byte[]> record : results) {
            assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains(secret), "an event carries the secret");
        }
    }
}
