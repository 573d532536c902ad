package dev.slipway.deploy.listener;

import dev.slipway.deploy.targets.marathon.MarathonDouble;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that the service keeps failing on (here: a plan whose state file is a directory, so
 * every read of it throws) holds its partition only for the configured retries. Then it is parked
 * on its topic's dead-letter twin with the reason, a {@code StageFailed} says so, and the record
 * behind it on the same partition is processed. Before issue 11 it held the partition for about
 * 17 minutes of retries and was then skipped without a trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordsTest {
    private static final Duration SOON = Duration.ofSeconds(30);
    /** Two retries 200 ms apart: the partition is free again within a second or two. */
    private static final Duration BOUNDED = Duration.ofSeconds(20);

    private Path stateDir;
    private MarathonDouble marathon;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        stateDir = Files.createTempDirectory("deploy-poison");
        marathon = new MarathonDouble(8, 8192, Set.of());
        service = RunningDeployService.start(Map.of(
                "slipway.events.listener-retry.attempts", 2,
                "slipway.events.listener-retry.delay", "200ms",
                "slipway.deploy.targets.cluster.type", "marathon",
                "slipway.deploy.targets.cluster.url", marathon.url().toString(),
                "slipway.deploy.environments.staging.kind", "stable",
                "slipway.deploy.environments.staging.target", "cluster",
                "slipway.deploy.environments.staging.plans", List.of("poison-deploy-*")), stateDir);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (marathon != null) {
            marathon.close();
        }
    }

    @Test
    void anImageBuiltTheServiceKeepsFailingOnIsParkedWithItsReasonAndTheNextOneIsProcessed() throws Exception {
        PlanName poisoned = SampleEvents.uniquePlan("poison-built");
        Files.createDirectories(stateDir.resolve("builds").resolve(poisoned + ".json"));
        ImageBuilt poison = imageBuilt(poisoned);

        try (TopicReader parked = TopicReader.fromNow(Topics.deadLetter(Topics.IMAGE_BUILT));
             TopicReader failures = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            Instant sent = Instant.now();
            int partition = publish(poison);
            ImageBuilt next = publishOnPartition(partition, plan -> imageBuilt(plan), "poison-built-next");

            assertParked(parked, failures, poison, Topics.IMAGE_BUILT, partition, sent);
            Awaitility.await("the ImageBuilt behind it on partition " + partition + " processed").atMost(SOON)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/deployments/" + next.plan()).status() == 200);
        }
    }

    @Test
    void aDeployRequestedTheServiceKeepsFailingOnIsParkedWithItsReasonAndTheNextOneIsDeployed() throws Exception {
        PlanName poisoned = SampleEvents.uniquePlan("poison-deploy");
        Files.createDirectories(stateDir.resolve("deployments").resolve(poisoned + ".json"));
        DeployRequested poison = deployRequested(poisoned);

        try (TopicReader parked = TopicReader.fromNow(Topics.deadLetter(Topics.DEPLOY_REQUESTED));
             TopicReader failures = TopicReader.fromNow(Topics.STAGE_FAILED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            Instant sent = Instant.now();
            int partition = publish(poison);
            DeployRequested next = publishOnPartition(partition, PoisonRecordsTest::deployRequested, "poison-deploy-next");

            assertParked(parked, failures, poison, Topics.DEPLOY_REQUESTED, partition, sent);
            DeploymentFinished deployed = EventCodec.fromRecord(finished.await(next.plan().value(), 1, SOON).get(0), DeploymentFinished.class);
            assertEquals(DeploymentState.RUNNING, deployed.state(), "the request behind it on partition " + partition + " was deployed");
        }
    }

    private void assertParked(TopicReader parked, TopicReader failures, PipelineEvent poison, String topic, int partition, Instant sent) {
        String plan = poison.plan().value();
        ConsumerRecord<String, byte[]> dead = parked.await(plan, 1, BOUNDED).get(0);
        assertEquals(poison, EventCodec.fromRecord(dead, poison.getClass()), "the record itself is parked, unchanged");
        String reason = CloudEventHeaders.read(dead.headers(), EventPublisher.DLT_REASON).orElse("");
        assertTrue(reason.startsWith("the deploy stage gave up on " + topic + "-" + partition + "@"), reason);
        assertTrue(reason.contains("after its retries: "), reason);

        StageFailed failed = EventCodec.fromRecord(failures.await(plan, 1, BOUNDED).get(0), StageFailed.class);
        assertTrue(Duration.between(sent, Instant.now()).compareTo(BOUNDED) < 0, "the partition was held only for the configured retries");
        assertEquals(poison.eventId(), failed.causationId());
        assertEquals(Stage.DEPLOY, failed.stage());
        assertEquals(reason, failed.reason());
        assertEquals(1, parked.drain(plan, Duration.ofSeconds(1)).size(), "parked once");
    }

    /** Publishes with the service's own publisher; returns the partition the record went to. */
    private int publish(PipelineEvent event) {
        return service.service().bean(EventPublisher.class).publishAndWait(event, Duration.ofSeconds(20)).partition();
    }

    /**
     * Publishes events of fresh plans until one lands on {@code partition}, behind the poison
     * record (the others are processed elsewhere and do no harm); returns that one.
     */
    private <E extends PipelineEvent> E publishOnPartition(int partition, Function<PlanName, E> event, String prefix) {
        for (int attempt = 0; attempt < 50; attempt++) {
            E candidate = event.apply(SampleEvents.uniquePlan(prefix));
            if (publish(candidate) == partition) {
                return candidate;
            }
        }
        throw new AssertionError("no plan landed on partition " + partition + " in 50 tries");
    }

    private static ImageBuilt imageBuilt(PlanName plan) {
        ImageReference image = ImageReference.of("127.0.0.1:5000", "slipway-deploy-test/" + plan, "1")
                .withDigest(Digest.of("sha256:" + "9d".repeat(32)));
        return TestEvents.imageBuilt(plan, 1, image, TestEvents.webDescriptor(0.1, 16));
    }

    private static DeployRequested deployRequested(PlanName plan) {
        return TestEvents.deployRequested(imageBuilt(plan), EnvironmentName.of("staging"), DeployReason.PROMOTION);
    }
}
