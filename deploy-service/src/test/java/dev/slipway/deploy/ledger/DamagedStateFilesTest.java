package dev.slipway.deploy.ledger;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan's state file cut short (a crash of a version that did not write atomically, a full disk,
 * a hand edit) must not take the service down: it starts, resumes the plans whose files are
 * whole, and names the damaged file wherever that plan is used, so that an operator can restore
 * it or move it aside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DamagedStateFilesTest {
    private static final Duration SOON = Duration.ofSeconds(30);
    private static final EnvironmentName REVIEW = EnvironmentName.of("review");

    private final PlanName damagedLedger = SampleEvents.uniquePlan("damaged-ledger");
    private final PlanName damagedCatalog = SampleEvents.uniquePlan("damaged-catalog");
    private final PlanName whole = SampleEvents.uniquePlan("damaged-not");
    private Path stateDir;
    private DeployRequested pending;
    private TopicReader failedSinceStart;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        stateDir = Files.createTempDirectory("deploy-damaged");
        DeploymentLedger ledger = new DeploymentLedger(new DeployConfiguration(stateDir, null, null, null));
        // A request accepted before the last stop, for an environment that is no longer configured:
        // resuming it ends at once in a StageFailed, which shows that it was resumed.
        pending = TestEvents.deployRequested(imageBuilt(whole), EnvironmentName.of("retired"), DeployReason.PROMOTION);
        ledger.accept(pending);
        ledger.accept(TestEvents.deployRequested(imageBuilt(damagedLedger), REVIEW, DeployReason.AUTOMATIC));
        cutShort(ledgerFile(damagedLedger));
        Files.createDirectories(catalogFile(damagedCatalog).getParent());
        Files.writeString(catalogFile(damagedCatalog), "[ {\"build\": {\"plan\": \"" + damagedCatalog + "\", \"num");

        failedSinceStart = TopicReader.fromNow(Topics.STAGE_FAILED);
        service = RunningDeployService.start(Map.of(
                // Only this test's plans: other services' tests publish ImageBuilt meanwhile. The
                // requests here never reach a target, so the embedded Docker engine target is fine.
                "slipway.deploy.environments.review.plans", List.of("damaged-*")), stateDir);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (failedSinceStart != null) {
            failedSinceStart.close();
        }
    }

    @Test
    void theServiceStartsAndResumesThePlansWhoseLedgerIsWhole() {
        service.get("/health").expect(200);
        StageFailed resumed = EventCodec.fromRecord(failedSinceStart.await(whole.value(), 1, SOON).get(0), StageFailed.class);
        assertEquals(pending.eventId(), resumed.causationId(), "the request pending in the whole ledger was taken up again");
        assertTrue(resumed.reason().contains("environment 'retired' is not configured"), resumed.reason());
    }

    @Test
    void theDeploymentsOfThePlanWhoseLedgerIsDamagedAnswer500NamingTheFile() {
        HttpAnswer answer = service.get("/deployments/" + damagedLedger);
        answer.expect(500, ledgerFile(damagedLedger).toString());
    }

    @Test
    void aDeployRequestedForThatPlanEndsInStageFailedNamingTheFile() {
        DeployRequested request = TestEvents.deployRequested(imageBuilt(damagedLedger), REVIEW, DeployReason.PROMOTION);
        try (TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(request);
            StageFailed failure = EventCodec.fromRecord(failed.await(damagedLedger.value(), 1, SOON).get(0), StageFailed.class);
            assertEquals(request.eventId(), failure.causationId());
            assertEquals(Stage.DEPLOY, failure.stage());
            assertTrue(failure.reason().contains(ledgerFile(damagedLedger).toString()), failure.reason());
            assertTrue(failure.retryable(), "it may be deployed once the file is restored or moved aside");
        }
        service.get("/health").expect(200);
    }

    @Test
    void anImageBuiltForAPlanWhoseBuildCatalogIsDamagedEndsInStageFailedNamingTheFile() {
        ImageBuilt built = imageBuilt(damagedCatalog);
        try (TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(built);
            StageFailed failure = EventCodec.fromRecord(failed.await(damagedCatalog.value(), 1, SOON).get(0), StageFailed.class);
            assertEquals(built.eventId(), failure.causationId());
            assertTrue(failure.reason().contains(catalogFile(damagedCatalog).toString()), failure.reason());
        }
    }

    private Path ledgerFile(PlanName plan) {
        return stateDir.resolve("deployments").resolve(plan + ".json");
    }

    private Path catalogFile(PlanName plan) {
        return stateDir.resolve("builds").resolve(plan + ".json");
    }

    /** What a crash in the middle of writing a file leaves: its first half. */
    private static void cutShort(Path file) throws IOException {
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    }

    private static ImageBuilt imageBuilt(PlanName plan) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, "1")
                .withDigest(Digest.of("sha256:" + "da".repeat(32)));
        return TestEvents.imageBuilt(plan, 1, image, TestEvents.webDescriptor(0.1, 16));
    }
}
