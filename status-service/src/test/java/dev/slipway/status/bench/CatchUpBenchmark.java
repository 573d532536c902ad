package dev.slipway.status.bench;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.status.projection.Projection;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.commitReceived;
import static dev.slipway.events.testing.SampleEvents.deployRequested;
import static dev.slipway.events.testing.SampleEvents.deploymentFinished;
import static dev.slipway.events.testing.SampleEvents.imageBuilt;
import static dev.slipway.events.testing.SampleEvents.stageStarted;

/**
 * How fast status-service applies records when it catches up (a new database reads every topic):
 * whole build chains (7 events each) in batches of one poll (500 records), straight into the
 * projection and the H2 file, without the broker. Not part of the test run:
 * {@code ./mvnw -pl status-service test -Dtest=CatchUpBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class CatchUpBenchmark {
    private static final int CHAINS = 1500;
    private static final int POLL = 500;

    @Test
    void appliesWholeChains() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "slipway.status.database-dir", Files.createTempDirectory("status-bench").toString()))) {
            Projection projection = context.getBean(Projection.class);
            EventCodec codec = new EventCodec("/slipway/bench");
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long offset = 0;
            for (int chain = 0; chain < CHAINS; chain++) {
                PlanName plan = PlanName.of("bench-" + (chain % 50));
                CommitReceived commit = commitReceived(plan);
                ArtifactStored artifact = artifactStored(commit, chain + 1);
                ImageBuilt image = imageBuilt(artifact);
                DeployRequested deploy = deployRequested(image);
                for (PipelineEvent event : List.of(commit, artifact, stageStarted(artifact), image, deploy, deploymentFinished(deploy))) {
                    ProducerRecord<String, byte[]> written = codec.toRecord(event);
                    ConsumerRecord<String, byte[]> read = new ConsumerRecord<>(written.topic(), 0, offset++, written.key(), written.value());
                    written.headers().forEach(header -> read.headers().add(header));
                    records.add(read);
                }
            }
            long started = System.nanoTime();
            for (int from = 0; from < records.size(); from += POLL) {
                projection.apply(records.subList(from, Math.min(records.size(), from + POLL)));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("applied %d records (%d build chains) in %.1f s: %.0f records/s%n", records.size(), CHAINS, seconds,
                    records.size() / seconds);
        }
    }
}
