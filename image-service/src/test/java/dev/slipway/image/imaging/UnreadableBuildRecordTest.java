package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.image.testing.ImageServiceUnderTest;
import dev.slipway.image.testing.TarGz;
import dev.slipway.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build record that a crash or a full disk left truncated: the service still starts (and resumes
 * the rest), and whoever asks for that build is told which file to look at.
 */
class UnreadableBuildRecordTest {

    @Test
    void aTruncatedBuildRecordDoesNotStopTheServiceAndIsNamedToWhoeverAsksForThatBuild(@TempDir Path data) throws Exception {
        PlanName plan = ImageServiceUnderTest.uniquePlan("truncated");
        Path record = data.resolve("builds").resolve(plan.value()).resolve("1").resolve("build.json");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "{\n  \"build\" : \"" + plan + "/1\",\n  \"artifact\" : {\n    \"eventId\" : \"");

        try (ArtifactServer artifacts = ArtifactServer.start();
             ImageServiceUnderTest service = ImageServiceUnderTest.start(artifacts, data, Map.of())) {
            assertEquals(200, service.get("/health").status(), "the service started");

            service.get("/images/" + plan + "/1").expect(500, record.toString());

            byte[] archive = TarGz.archive().file("Dockerfile", "FROM " + LocalStack.busyboxImage() + "\n").bytes();
            ArtifactStored redelivered = Artifacts.stored(plan, 1, artifacts.serve("/a/" + plan + "/1.tar.gz", archive), archive,
                    Artifacts.descriptor(plan).build());
            service.send(redelivered);
            StageFailed failed = service.awaitFailed(plan, Duration.ofSeconds(60));
            assertTrue(failed.reason().contains(record.toString()), failed.reason());
            assertEquals(0, artifacts.requested().size(), "nothing was built over the broken record");
        }
        assertTrue(Files.readString(record).endsWith("\"eventId\" : \""), "the file is left as it was, for a person to look at");
    }
}
