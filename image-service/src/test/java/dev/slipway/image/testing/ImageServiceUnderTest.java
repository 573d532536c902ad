package dev.slipway.image.testing;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.Caller;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real image service ({@link RunningService}) against the real broker, engine and registry,
 * with its storage under the test's directory, and what a test of it asks: did it emit
 * {@code ImageBuilt} or {@code StageFailed} for a plan, and when did it report a build as started.
 */
public final class ImageServiceUnderTest implements AutoCloseable {
    /**
     * Other services' tests publish {@code ArtifactStored} on the same broker at the same time; the
     * service under test builds only plans with this prefix, so it never answers for theirs.
     */
    public static final String PLAN_PREFIX = "imgsvc-";

    private final RunningService service;
    private final TopicReader built;
    private final TopicReader failed;
    private final TopicReader progress;

    private ImageServiceUnderTest(RunningService service) {
        this.service = service;
        this.built = TopicReader.fromNow(Topics.IMAGE_BUILT);
        this.failed = TopicReader.fromNow(Topics.STAGE_FAILED);
        this.progress = TopicReader.fromNow(Topics.STAGE_PROGRESSED);
    }

    public static PlanName uniquePlan(String what) {
        return SampleEvents.uniquePlan(PLAN_PREFIX + what);
    }

    public static ImageServiceUnderTest start(ArtifactServer artifacts, Path data, Map<String, Object> overrides) {
        return new ImageServiceUnderTest(RunningService.of("image-service")
                .consuming(PipelineConsumer.IMAGE_SERVICE)
                .property("slipway.image.builds.storage-directory", data.resolve("builds"))
                .property("slipway.image.builds.work-directory", data.resolve("work"))
                .property("slipway.image.builds.plan-pattern", PLAN_PREFIX + ".*")
                .property("slipway.image.retry.initial-delay", "200ms")
                .property("slipway.image.artifacts.allowed-url-prefixes", List.of(artifacts.prefix()))
                .property("slipway.image.dockerfile.base-images.static", LocalStack.busyboxImage())
                .property("slipway.image.dockerfile.base-images.php", LocalStack.debianImage())
                .property("slipway.image.dockerfile.base-images.java", LocalStack.debianImage())
                .property("slipway.image.verification.acceptance-timeout", "30s")
                .property("slipway.image.docker.host", LocalStack.dockerHost())
                .property("slipway.image.registry.address", LocalStack.registry())
                .properties(overrides)
                .start());
    }

    public void send(ArtifactStored artifact) {
        service.publish(artifact);
    }

    public ImageBuilt awaitBuilt(PlanName plan, Duration timeout) {
        return awaitBuilt(plan, 1, timeout).get(0);
    }

    public List<ImageBuilt> awaitBuilt(PlanName plan, int count, Duration timeout) {
        return built.await(service.emitted(plan), count, timeout).stream()
                .map(r -> EventCodec.fromRecord(r, ImageBuilt.class)).toList();
    }

    public StageFailed awaitFailed(PlanName plan, Duration timeout) {
        ConsumerRecord<String, byte[]> record = failed.await(service.emitted(plan), 1, timeout).get(0);
        return EventCodec.fromRecord(record, StageFailed.class);
    }

    /** The {@code StageProgressed} records this instance emitted for the plan, once {@code count} have arrived. */
    public List<ConsumerRecord<String, byte[]>> awaitProgress(PlanName plan, int count, Duration timeout) {
        return progress.await(service.emitted(plan), count, timeout);
    }

    /** Every {@code StageProgressed} of this instance for the plan that arrives within {@code window}. */
    public List<StageProgressed> drainProgress(PlanName plan, Duration window) {
        return progress.drain(plan.value(), window).stream().filter(service.emitted(plan))
                .map(r -> EventCodec.fromRecord(r, StageProgressed.class)).toList();
    }

    /** Every ImageBuilt and StageFailed of this instance for the plan that arrives within {@code window}: to show that none did. */
    public List<ConsumerRecord<String, byte[]>> drainResults(PlanName plan, Duration window) {
        List<ConsumerRecord<String, byte[]>> results = new ArrayList<>(built.drain(plan.value(), window));
        results.addAll(failed.drain(plan.value(), Duration.ofMillis(200)));
        return results.stream().filter(service.emitted(plan)).toList();
    }

    /** GETs {@code path} as an admin. */
    public HttpAnswer get(String path) {
        return service.get(path);
    }

    /** A caller with the test token of {@code role}. */
    public Caller as(Role role) {
        return service.as(role);
    }

    /** A caller without a token. */
    public Caller anonymously() {
        return service.anonymously();
    }

    @Override
    public void close() {
        service.close();
        built.close();
        failed.close();
        progress.close();
    }
}
