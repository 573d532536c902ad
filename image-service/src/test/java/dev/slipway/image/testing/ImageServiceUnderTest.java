package dev.slipway.image.testing;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.LocalStack;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.events.testing.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The real image service, started in the test's JVM against the real broker, engine and registry,
 * with its own consumer group (positioned at the end of the topic first, so it builds only what
 * the test sends) and its own storage under the test's directory.
 */
public final class ImageServiceUnderTest implements AutoCloseable {
    private final EmbeddedServer server;
    private final String source;
    private final TopicReader built;
    private final TopicReader failed;
    private final HttpClient http = HttpClient.newHttpClient();

    private ImageServiceUnderTest(EmbeddedServer server, String source) {
        this.server = server;
        this.source = source;
        this.built = TopicReader.fromNow(Topics.IMAGE_BUILT);
        this.failed = TopicReader.fromNow(Topics.STAGE_FAILED);
    }

    /**
     * Other services' tests publish {@code ArtifactStored} on the same broker at the same time; the
     * service under test builds only plans with this prefix, so it never answers for theirs.
     */
    public static final String PLAN_PREFIX = "imgsvc-";

    public static PlanName uniquePlan(String what) {
        return SampleEvents.uniquePlan(PLAN_PREFIX + what);
    }

    public static ImageServiceUnderTest start(ArtifactServer artifacts, Path data, Map<String, Object> overrides) {
        String instance = "image-service-test-" + UUID.randomUUID().toString().substring(0, 8);
        String group = instance;
        Listeners.startAtEnd(group, Topics.ARTIFACT_STORED);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        // Its events say they come from this instance: an image-service that another suite runs on the
        // same broker (the end-to-end tests run a real one) answers these plans too, and is not heard.
        properties.put("micronaut.application.name", instance);
        properties.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        properties.put("slipway.image.consumer-group", group);
        properties.put("slipway.image.builds.storage-directory", data.resolve("builds").toString());
        properties.put("slipway.image.builds.work-directory", data.resolve("work").toString());
        properties.put("slipway.image.builds.retry-backoff", "200ms");
        properties.put("slipway.image.builds.plan-pattern", PLAN_PREFIX + ".*");
        properties.put("slipway.image.artifacts.allowed-url-prefixes", List.of(artifacts.prefix()));
        properties.put("slipway.image.dockerfile.base-images.static", LocalStack.busyboxImage());
        properties.put("slipway.image.dockerfile.base-images.php", LocalStack.debianImage());
        properties.put("slipway.image.dockerfile.base-images.java", LocalStack.debianImage());
        properties.put("slipway.image.verification.acceptance-timeout", "30s");
        properties.put("slipway.docker.host", LocalStack.dockerHost());
        properties.put("slipway.registry.address", LocalStack.registry());
        properties.putAll(overrides);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        Listeners.awaitAssignment(server.getApplicationContext(), Duration.ofSeconds(30));
        return new ImageServiceUnderTest(server, "/slipway/" + instance);
    }

    public void send(ArtifactStored artifact) {
        server.getApplicationContext().getBean(EventPublisher.class).publishAndWait(artifact, Duration.ofSeconds(20));
    }

    public ImageBuilt awaitBuilt(PlanName plan, Duration timeout) {
        return awaitBuilt(plan, 1, timeout).get(0);
    }

    public List<ImageBuilt> awaitBuilt(PlanName plan, int count, Duration timeout) {
        return built.await(ours(plan), count, timeout).stream()
                .map(r -> EventCodec.fromRecord(r, ImageBuilt.class)).toList();
    }

    public StageFailed awaitFailed(PlanName plan, Duration timeout) {
        ConsumerRecord<String, byte[]> record = failed.await(ours(plan), 1, timeout).get(0);
        return EventCodec.fromRecord(record, StageFailed.class);
    }

    /** Every ImageBuilt and StageFailed of this instance for the plan that arrives within {@code window}: to show that none did. */
    public List<ConsumerRecord<String, byte[]>> drainResults(PlanName plan, Duration window) {
        List<ConsumerRecord<String, byte[]>> results = new ArrayList<>(built.drain(plan.value(), window));
        results.addAll(failed.drain(plan.value(), Duration.ofMillis(200)));
        return results.stream().filter(ours(plan)).toList();
    }

    private Predicate<ConsumerRecord<String, byte[]>> ours(PlanName plan) {
        return record -> plan.value().equals(record.key())
                && source.equals(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE).orElse(null));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
        built.close();
        failed.close();
    }
}
