package dev.slipway.artifact.testing;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.Listeners;
import dev.slipway.events.testing.LocalStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The artifact service as it runs for real (HTTP server, Kafka listener, filesystem store), on a
 * free port and with its own consumer group positioned at the end of the topic, so that it sees
 * only what its test sends.
 */
public final class RunningArtifactService implements AutoCloseable {
    private final EmbeddedServer server;
    private final String eventSource;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningArtifactService(EmbeddedServer server, String eventSource) {
        this.server = server;
        this.eventSource = eventSource;
    }

    public static String uniqueGroup(String testName) {
        return "artifact-test-" + testName + "-" + UUID.randomUUID();
    }

    /**
     * @param data       holds the store and the mirrors; a second service on the same directory sees the same builds
     * @param properties more properties, such as {@code slipway.artifact.git.allowed}
     */
    public static RunningArtifactService start(String group, Path data, Map<String, Object> properties) {
        Listeners.startAtEnd(group, Topics.COMMIT_RECEIVED);
        int port = GitDaemon.freePort();
        // Its own name, so that its events can be told from those of other artifact services on the broker.
        String name = "artifact-service-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.application.name", name);
        all.put("micronaut.server.port", port);
        all.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
        all.put("slipway.artifact.consumer-group", group);
        all.put("slipway.artifact.public-base-url", "http://127.0.0.1:" + port);
        all.put("slipway.artifact.store.root", data.resolve("store").toString());
        all.put("slipway.artifact.git.mirror-root", data.resolve("mirrors").toString());
        all.put("slipway.artifact.git.timeout", "5s");
        all.put("slipway.artifact.git.attempts", 3);
        all.put("slipway.artifact.git.initial-backoff", "100ms");
        all.put("slipway.artifact.git.max-backoff", "200ms");
        all.putAll(properties);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, all);
        try {
            Listeners.awaitAssignment(server.getApplicationContext(), Duration.ofSeconds(30));
        } catch (RuntimeException | AssertionError e) {
            server.getApplicationContext().close(); // a listener left running would answer other tests' events
            throw e;
        }
        return new RunningArtifactService(server, "/slipway/" + name);
    }

    /**
     * The records this service emitted for a plan. Any artifact service on the shared broker (another
     * test's, the end-to-end test's) answers every CommitReceived it sees, this test's included.
     */
    public Predicate<ConsumerRecord<String, byte[]>> emitted(PlanName plan) {
        return record -> plan.value().equals(record.key())
                && eventSource.equals(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE).orElse(null));
    }

    public EventPublisher publisher() {
        return server.getApplicationContext().getBean(EventPublisher.class);
    }

    public CommitReceived publish(CommitReceived event) {
        publisher().publishAndWait(event, Duration.ofSeconds(20));
        return event;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    public HttpResponse<byte[]> get(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String path) {
        return get(uri(path));
    }

    /** A push of {@code commit} on {@code main}, as the webhook service would announce it. */
    public static CommitReceived commitReceived(PlanName plan, String repository, CommitSha commit) {
        return new CommitReceived(EventId.random(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan,
                RepositoryUrl.of(repository), BranchName.of("main"), commit, Author.of("Zoë Tester", "zoe@example.org"),
                "Add the shop", Trigger.PUSH, "delivery-" + UUID.randomUUID());
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
