package dev.slipway.artifact.packaging;

import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.HttpsGitServer;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.EventType;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.LocalStack;
import dev.slipway.testing.FreePorts;
import dev.slipway.testing.LogCapture;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way a fetch can fail ends in the {@code StageFailed} a person can act on: retryable for a
 * host that is down or silent, permanent (and at once) for what will not pass by itself. And what
 * works: a token sent over HTTPS, never shown in events or logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FetchFailuresTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "ghp_rightTokenThatMustNeverBeShown";
    private static final String WRONG_TOKEN = "ghp_wrongTokenThatMustNeverBeShown";

    private Path data;
    private Path repositories;
    private GitDaemon daemon;
    private HttpsGitServer https;
    private ServerSocket silent;
    private ServerSocket forbidden;
    private final AtomicInteger forbiddenConnections = new AtomicInteger();
    private final List<Socket> heldOpen = new CopyOnWriteArrayList<>();
    private int closedPort;
    private RunningService service;
    private LogCapture logs;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("artifact-failures-");
        repositories = Files.createDirectories(data.resolve("repositories"));
        daemon = GitDaemon.serve(repositories);
        https = HttpsGitServer.serve(repositories, "x-access-token", TOKEN);
        silent = listen(socket -> heldOpen.add(socket)); // accepts, then never says a word
        forbidden = listen(socket -> forbiddenConnections.incrementAndGet());
        closedPort = FreePorts.next();
        logs = LogCapture.start();

        service = ArtifactServiceFixture.on(data).properties(Map.of(
                "slipway.artifact.git.allowed", String.join(",",
                        "127.0.0.1:" + daemon.port(), "127.0.0.1:" + silent.getLocalPort(), "127.0.0.1:" + closedPort,
                        "https://127.0.0.1:" + https.port(), "https://localhost:" + https.port(), repositories.toUri().toString()),
                "slipway.artifact.git.timeout", "1s",
                "slipway.artifact.git.credentials", List.of(
                        Map.of("host", "127.0.0.1:" + https.port(), "token", TOKEN),
                        Map.of("host", "localhost:" + https.port(), "token", WRONG_TOKEN))))
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (logs != null) {
            logs.close();
        }
        if (service != null) {
            service.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[]{daemon, https, silent, forbidden}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort: the test is over
            }
        }
        Archives.deleteRecursively(data);
    }

    @Test
    void aRepositoryOffTheAllowListFailsPermanentlyAndIsNeverContacted() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("forbidden");
        String name = "forbidden-" + UUID.randomUUID();
        StageFailed failed = publishAndAwaitFailure(commit(plan, "git://127.0.0.1:" + forbidden.getLocalPort() + "/" + name + ".git",
                SampleEvents.COMMIT));

        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("may not be fetched: it matches none of the allow-list"), failed.reason());
        assertEquals(0, forbiddenConnections.get(), "the forbidden host was never contacted");
        try (Stream<Path> mirrors = Files.list(data.resolve("mirrors"))) {
            assertTrue(mirrors.noneMatch(m -> m.getFileName().toString().contains(name)), "no mirror was made for it");
        }
    }

    @Test
    void anUnreachableHostIsRetriedWithBackoffThenFailsRetryably() {
        PlanName plan = SampleEvents.uniquePlan("unreachable");
        StageFailed failed = publishAndAwaitFailure(commit(plan, "git://127.0.0.1:" + closedPort + "/shop.git", SampleEvents.COMMIT));

        assertTrue(failed.retryable(), failed.reason());
        assertEquals(Stage.ARTIFACT, failed.stage());
        assertNull(failed.build(), "no build number is spent on a build that was never stored");
        assertTrue(failed.reason().contains("connection failed"), failed.reason());
        assertTrue(failed.reason().contains("gave up after 3 attempts"), failed.reason());
    }

    @Test
    void aHostThatNeverAnswersTimesOutAndFailsRetryably() {
        PlanName plan = SampleEvents.uniquePlan("silent");
        StageFailed failed = publishAndAwaitFailure(commit(plan, "git://127.0.0.1:" + silent.getLocalPort() + "/shop.git",
                SampleEvents.COMMIT));

        assertTrue(failed.retryable(), failed.reason());
        assertTrue(failed.reason().toLowerCase().contains("timed out"), failed.reason());
        assertTrue(failed.reason().contains("gave up after 3 attempts"), failed.reason());
    }

    @Test
    void aCommitTheRepositoryDoesNotHaveFailsPermanentlyAtOnce() {
        try (TestRepository repository = TestRepository.create(repositories, "shop-" + UUID.randomUUID())) {
            repository.commit("main", "Only commit", Map.of("index.html", file("hi")));
            PlanName plan = SampleEvents.uniquePlan("no-such-commit");
            CommitSha missing = CommitSha.of("0123456789abcdef0123456789abcdef01234567");

            StageFailed failed = publishAndAwaitFailure(commit(plan, daemon.url(repository.directory()), missing));

            assertFalse(failed.retryable());
            assertTrue(failed.reason().startsWith("commit " + missing.value() + " is not on branch main"), failed.reason());
            assertFalse(failed.reason().contains("gave up after"), "a permanent failure is not retried: " + failed.reason());
        }
    }

    @Test
    void aRepositoryTheHostDoesNotHaveFailsPermanently() {
        PlanName plan = SampleEvents.uniquePlan("no-such-repo");
        StageFailed failed = publishAndAwaitFailure(commit(plan, "git://127.0.0.1:" + daemon.port() + "/nothing-here.git",
                SampleEvents.COMMIT));

        assertFalse(failed.retryable(), failed.reason());
        assertTrue(failed.reason().contains("nothing-here.git"), failed.reason());
    }

    @Test
    void aTokenIsSentOverHttpsAndNeverShown() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "private-" + UUID.randomUUID())) {
            CommitSha sha = repository.commit("main", "Secret sauce", Map.of("sauce.txt", file("tomato")));
            PlanName plan = SampleEvents.uniquePlan("https-token");
            CommitReceived event = commit(plan, https.url("127.0.0.1", repository), sha);

            ArtifactStored stored;
            try (TopicReader reader = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
                service.publish(event);
                ConsumerRecord<String, byte[]> record = reader.await(service.emitted(plan), 1, WAIT).get(0);
                assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains(TOKEN));
                stored = EventCodec.fromRecord(record, ArtifactStored.class);
            }
            assertEquals(1, stored.build().number().value());
            assertEquals(Map.of("sauce.txt", "file 644 tomato"), Archives.contents(ArtifactServiceFixture.download(stored.artifactUrl()).bytes()));
            assertNoSecretInLogsOrMirrors();
        }
    }

    @Test
    void aRefusedTokenFailsPermanentlyWithoutShowingIt() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "private-" + UUID.randomUUID())) {
            CommitSha sha = repository.commit("main", "Secret sauce", Map.of("sauce.txt", file("tomato")));
            PlanName plan = SampleEvents.uniquePlan("https-refused");

            StageFailed failed = publishAndAwaitFailure(commit(plan, https.url("localhost", repository), sha));

            assertFalse(failed.retryable());
            assertTrue(failed.reason().contains("not authorized"), failed.reason());
            assertTrue(failed.reason().contains("refused the token configured for localhost"), failed.reason());
            assertFalse(failed.reason().contains("gave up after"), "authentication is not retried: " + failed.reason());
            assertNoSecretInLogsOrMirrors();
        }
    }

    @Test
    void aTokenWrittenIntoTheRepositoryUrlIsRefusedNeverSentAndNeverShown() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "private-" + UUID.randomUUID())) {
            CommitSha sha = repository.commit("main", "Secret sauce", Map.of("sauce.txt", file("tomato")));
            PlanName plan = SampleEvents.uniquePlan("token-in-url");
            String leaked = "ghp_pastedIntoTheUrlByMistake";
            String url = https.url("127.0.0.1", repository).replace("https://", "https://" + leaked + "@");
            int requestsBefore = https.requests().size();

            try (TopicReader stored = TopicReader.fromNow(Topics.ARTIFACT_STORED)) {
                StageFailed failed = publishAndAwaitFailure(commit(plan, url, sha));

                assertFalse(failed.retryable(), failed.reason());
                assertFalse(failed.reason().contains(leaked), "the token is shown in the StageFailed: " + failed.reason());
                assertTrue(failed.reason().contains("https://127.0.0.1:" + https.port() + "/"), "the repository is named without it: " + failed.reason());
                assertTrue(failed.reason().contains("slipway.artifact.git.credentials"), "says where credentials belong: " + failed.reason());
                assertTrue(stored.drain(plan.value(), Duration.ofSeconds(2)).isEmpty(), "nothing was built from it");
            }
            assertEquals(requestsBefore, https.requests().size(), "the Git host was never contacted: " + https.requests());
            assertNoSecretInLogsOrMirrors(leaked);
        }
    }

    @Test
    void aHostThatRedirectsToAnotherHostNeverGetsItsTokenPassedOn() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "moved-" + UUID.randomUUID());
             HttpsGitServer.OtherHost elsewhere = https.anotherHost()) {
            CommitSha sha = repository.commit("main", "Secret sauce", Map.of("sauce.txt", file("tomato")));
            https.redirect("/moved/", elsewhere.url());
            PlanName plan = SampleEvents.uniquePlan("redirected");

            StageFailed failed = publishAndAwaitFailure(commit(plan,
                    "https://127.0.0.1:" + https.port() + "/moved/" + repository.directory().getFileName(), sha));

            assertEquals(List.of(), elsewhere.authorizations(), "the other host was sent a request (and with it the token)");
            assertFalse(failed.retryable(), "a redirect is the same next time: " + failed.reason());
            assertTrue(failed.reason().contains("redirect"), failed.reason());
            assertNoSecretInLogsOrMirrors();
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("poison");
        try (TopicReader deadLetters = TopicReader.fromNow(Topics.deadLetter(Topics.COMMIT_RECEIVED));
             TopicReader failures = TopicReader.fromNow(Topics.STAGE_FAILED);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.COMMIT_RECEIVED, plan.value(),
                    "{\"plan\": \"no closing brace\"".getBytes(StandardCharsets.UTF_8));
            poison.headers().add(CloudEventHeaders.TYPE, EventType.COMMIT_RECEIVED.cloudEventType().getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get(20, TimeUnit.SECONDS);
            CommitReceived next = service.publish(commit(plan, "git://127.0.0.1:" + forbidden.getLocalPort() + "/x.git", SampleEvents.COMMIT));

            ConsumerRecord<String, byte[]> parked = deadLetters.await(plan.value(), 1, WAIT).get(0);
            assertEquals("{\"plan\": \"no closing brace\"", new String(parked.value(), StandardCharsets.UTF_8));
            String reason = CloudEventHeaders.read(parked.headers(), EventPublisher.DLT_REASON).orElse("");
            assertTrue(reason.contains("slipway.commit-received body is invalid"), reason);
            StageFailed failed = EventCodec.fromRecord(failures.await(service.emitted(plan), 1, WAIT).get(0), StageFailed.class);
            assertEquals(next.eventId(), failed.causationId(), "the event after the poison record was still processed");
        }
    }

    private void assertNoSecretInLogsOrMirrors() throws IOException {
        assertNoSecretInLogsOrMirrors(TOKEN, WRONG_TOKEN);
    }

    private void assertNoSecretInLogsOrMirrors(String... secrets) throws IOException {
        List<String> lines = logs.lines();
        for (String secret : secrets) {
            assertTrue(lines.stream().noneMatch(l -> l != null && l.contains(secret)), "a token was logged: " + secret);
        }
        try (Stream<Path> files = Files.walk(data.resolve("mirrors"))) {
            for (Path path : files.filter(Files::isRegularFile).filter(p -> Files.isReadable(p)).toList()) {
                String content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertFalse(content.contains(secret), "a token was written to " + path);
                }
            }
        }
    }

    private StageFailed publishAndAwaitFailure(CommitReceived event) {
        try (TopicReader reader = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(event);
            return EventCodec.fromRecord(reader.await(service.emitted(event.plan()), 1, WAIT).get(0), StageFailed.class);
        }
    }

    private static CommitReceived commit(PlanName plan, String url, CommitSha sha) {
        return ArtifactServiceFixture.commitReceived(plan, url, sha);
    }

    private static ServerSocket listen(java.util.function.Consumer<Socket> onConnection) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    onConnection.accept(socket.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "test-listener-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return socket;
    }
}
