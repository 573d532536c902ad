package dev.slipway.testing;

import dev.slipway.events.PipelineEvent;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.infrastructure.kafka.ConsumerGroups;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.infrastructure.security.Role;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A Slipway service as a test talks to it: the real application (HTTP server, Kafka listeners,
 * its own files) started in the test's JVM against the shared broker, on a free port, under a
 * name of its own (so its events can be told from those of the same service started by other
 * tests), and, where it consumes, with a consumer group of its own that starts at the current end
 * of its topics (so it processes only what its test sends, never the broker's history). It accepts
 * the {@link TestTokens}; its HTTP calls carry the admin's unless a test calls {@link #as} another
 * role or {@link #anonymously()}.
 *
 * <pre>{@code
 * RunningService artifacts = RunningService.of("artifact-service")
 *         .consuming(PipelineConsumer.ARTIFACT_SERVICE)
 *         .property("slipway.artifact.store.root", data.resolve("store"))
 *         .start();
 * artifacts.get("/artifacts/shop").expect(404, "no builds");
 * }</pre>
 */
public final class RunningService implements AutoCloseable {
    private final EmbeddedServer server;
    private final String name;

    private RunningService(EmbeddedServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** @param service the service's application name, e.g. {@code artifact-service} */
    public static Builder of(String service) {
        return new Builder(service);
    }

    public static final class Builder {
        private final String service;
        private final Map<String, Object> properties = new HashMap<>();
        private PipelineConsumer consumer;
        private String group;
        private int port = -1;
        private boolean ownName = true;

        private Builder(String service) {
            this.service = service;
        }

        /**
         * Starts the service's listeners in a consumer group of their own, positioned at the end
         * of the consumer's topics before the service starts; {@link #start} returns once every
         * listener has its partitions, so nothing the test sends afterwards is missed.
         */
        public Builder consuming(PipelineConsumer consumer) {
            return consuming(consumer, service + "-test-" + UUID.randomUUID());
        }

        /** As {@link #consuming(PipelineConsumer)}, in the given group: a second start in it is a restart. */
        public Builder consuming(PipelineConsumer consumer, String group) {
            this.consumer = consumer;
            this.group = group;
            return this;
        }

        public Builder property(String name, Object value) {
            properties.put(name, value instanceof java.nio.file.Path path ? path.toString() : value);
            return this;
        }

        public Builder properties(Map<String, ?> more) {
            more.forEach(this::property);
            return this;
        }

        /** The port the service will listen on, chosen now, for properties that must name it (a public URL). */
        public int port() {
            if (port < 0) {
                port = FreePorts.next();
            }
            return port;
        }

        /** Keeps the service's configured application name (for tests of that name) instead of a unique one. */
        public Builder keepingItsName() {
            this.ownName = false;
            return this;
        }

        public RunningService start() {
            Map<String, Object> all = new HashMap<>();
            String name = ownName ? service + "-" + UUID.randomUUID().toString().substring(0, 8) : service;
            if (ownName) {
                all.put("micronaut.application.name", name);
            }
            all.put("micronaut.server.port", port);
            all.put("kafka.bootstrap.servers", LocalStack.kafkaBootstrapServers());
            all.putAll(TestTokens.properties());
            if (consumer != null) {
                startAtEnd(group, consumer.topics());
                all.put(consumer.property(), group);
            }
            all.putAll(properties);
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, all);
            if (consumer != null) {
                try {
                    awaitAssignment(server.getApplicationContext(), Duration.ofSeconds(30));
                } catch (RuntimeException | AssertionError e) {
                    server.getApplicationContext().close(); // a listener left running would answer other tests' events
                    throw e;
                }
            }
            return new RunningService(server, name);
        }
    }

    /**
     * Commits offsets at the current end of each topic for {@code group}, before a service with
     * that consumer group starts. The service then processes only what the test sends, never the
     * history that other tests (and earlier runs) left on the shared broker.
     */
    public static void startAtEnd(String group, List<String> topics) {
        TopicReader.ensurePipelineTopics();
        try {
            ConsumerGroups.startAtEnd(LocalStack.kafkaBootstrapServers(), group, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not position consumer group " + group + " at the end of " + topics, e);
        }
    }

    /** A listener with {@code offsetReset = LATEST} sees only what arrives after its partitions are assigned. */
    private static void awaitAssignment(ApplicationContext context, Duration timeout) {
        ConsumerRegistry registry = context.getBean(ConsumerRegistry.class);
        await("Kafka listeners " + registry.getConsumerIds() + " assigned partitions").atMost(timeout)
                .pollInterval(Duration.ofMillis(100)).until(() -> allAssigned(registry));
    }

    private static boolean allAssigned(ConsumerRegistry registry) {
        try {
            return !registry.getConsumerIds().isEmpty() && registry.getConsumerIds().stream()
                    .allMatch(id -> !registry.getConsumerAssignment(id).isEmpty());
        } catch (IllegalArgumentException notYetRegistered) {
            // A consumer can be listed a moment before micronaut-kafka records its first assignment.
            return false;
        }
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    /** The application name it runs under, unique to this start unless kept. */
    public String name() {
        return name;
    }

    public int port() {
        return server.getPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** A caller with the test's token of {@code role} ({@link TestTokens}). */
    public Caller as(Role role) {
        return new Caller(this::uri, TestTokens.of(role));
    }

    /** A caller without a token. */
    public Caller anonymously() {
        return new Caller(this::uri, null);
    }

    /** GETs {@code path} as an admin (unless the headers carry their own Authorization). */
    public HttpAnswer get(String path, String... headers) {
        return as(Role.ADMIN).get(path, headers);
    }

    /** POSTs {@code body} exactly as given, as an admin (unless the headers carry their own Authorization). */
    public HttpAnswer post(String path, byte[] body, String... headers) {
        return as(Role.ADMIN).post(path, body, headers);
    }

    /** POSTs a JSON body, as an admin. */
    public HttpAnswer postJson(String path, String json, String... headers) {
        return as(Role.ADMIN).postJson(path, json, headers);
    }

    /** Publishes an event with the service's own publisher, and waits for the broker to have it. */
    public <E extends PipelineEvent> E publish(E event) {
        bean(EventPublisher.class).publishAndWait(event, Duration.ofSeconds(20));
        return event;
    }

    /** Records of the plan that this instance emitted (and not the same service of another test). */
    public Predicate<ConsumerRecord<String, byte[]>> emitted(PlanName plan) {
        String source = "/slipway/" + name;
        return record -> plan.value().equals(record.key())
                && source.equals(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE).orElse(null));
    }

    @Override
    public void close() {
        // Stopping the context before the test's broker work ends keeps a listener from stalling the stop.
        server.getApplicationContext().close();
    }
}
