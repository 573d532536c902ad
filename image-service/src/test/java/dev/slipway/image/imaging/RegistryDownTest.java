package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.image.testing.TestDocker;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registry that is down: the push is retried with backoff, then the build fails as retryable. */
class RegistryDownTest {

    @Test
    void aPushToARegistryThatIsDownIsRetriedThenFailsAsRetryable(@TempDir Path data) throws Exception {
        String downRegistry = "127.0.0.1:" + closedPort();
        PlanName plan = ImageServiceUnderTest.uniquePlan("down");
        byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\nRUN echo ok\n").bytes();
        try (ArtifactServer artifacts = ArtifactServer.start();
             TestDocker docker = new TestDocker();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of(
                     "slipway.image.registry.address", downRegistry,
                     "slipway.image.retry.attempts", 3,
                     "slipway.image.retry.initial-delay", "300ms"))) {
            ArtifactStored artifact = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                    Artifacts.descriptor(plan).build());

            service.send(artifact);
            StageFailed failed = service.awaitFailed(plan, Duration.ofMinutes(2));

            assertTrue(failed.retryable(), "the same build may be pushed once the registry is back");
            assertTrue(failed.reason().startsWith("the push of " + downRegistry + "/" + plan + "/" + plan + ":1.0.0-1 to " + downRegistry + " failed: "),
                    failed.reason());
            assertTrue(failed.reason().contains("connection refused"), "the engine's own words: " + failed.reason());
            assertTrue(failed.reason().endsWith("(push " + downRegistry + "/" + plan + "/" + plan + ":1.0.0-1 gave up after 3 tries)"), failed.reason());
            String log = service.get("/images/" + plan + "/1/log").body();
            assertEquals(2, log.split("trying again in", -1).length - 1, "two retries, with backoff, before giving up: " + log);
            assertTrue(log.contains("trying again in PT0.3S") && log.contains("trying again in PT0.6S"), "the wait doubles: " + log);
            docker.removeImagesOf(plan);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
