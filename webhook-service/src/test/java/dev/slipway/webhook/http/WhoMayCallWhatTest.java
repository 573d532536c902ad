package dev.slipway.webhook.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.GitRepository;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call what, tried as a stranger, a careless user and the right person would: starting a
 * build needs an operator's token; a webhook needs no token but its repository's secret, and a
 * token does not stand in for that secret; health (status only) and metrics are open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhoMayCallWhatTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final String PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";

    private final String secret = Samples.secret();
    private final PlanName plan = SampleEvents.uniquePlan("who");
    private GitRepository repository;
    private CommitSha head;
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start(@TempDir Path directory) {
        repository = GitRepository.create(directory.resolve("shop"), "main");
        repository.commit("Kasse: erste Fassung");
        head = repository.commit("Kasse: zweite Fassung");
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.github.secret", secret,
                "slipway.webhook.history-directory", directory.resolve("history"),
                "slipway.plans." + plan + ".repository", "https://github.com/slipway-demo/shop.git",
                "slipway.plans." + plan + ".ls-remote-url", repository.url(),
                "slipway.plans." + plan + ".branches", List.of("main"))).start();
    }

    @AfterAll
    void stop() {
        service.close();
        repository.close();
    }

    @BeforeEach
    void openTopic() {
        topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED);
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    @Test
    void startingABuildWithoutATokenIs401NamingTheOperatorRoleAndQueuesNothing() {
        HttpAnswer answer = service.anonymously().postJson("/builds", build());

        answer.expect(401, "this endpoint needs a bearer token");
        assertTrue(answer.message().contains("the operator role"), answer.message());
        assertEquals("Bearer", answer.header("WWW-Authenticate"));
        assertTrue(topic.drain(plan.value(), QUIET).isEmpty());
    }

    @Test
    void startingABuildWithAWrongTokenIs401AndQueuesNothing() {
        HttpAnswer guessed = service.anonymously().postJson("/builds", build(), "Authorization", "Bearer slw_" + "0".repeat(64));
        HttpAnswer notBearer = service.anonymously().postJson("/builds", build(), "Authorization", "Basic YWRtaW46YWRtaW4=");

        guessed.expect(401, "the bearer token is not one this service accepts");
        assertTrue(guessed.message().contains("the operator role"), guessed.message());
        assertEquals(401, notBearer.status(), notBearer.body());
        assertTrue(topic.drain(plan.value(), QUIET).isEmpty());
    }

    @Test
    void startingABuildWithAViewersTokenIs403NamingBothRolesAndQueuesNothing() {
        HttpAnswer answer = service.as(Role.VIEWER).postJson("/builds", build());

        answer.expect(403, "this needs the operator role");
        assertTrue(answer.message().contains("token 'test-viewer' has the viewer role"), answer.message());
        assertTrue(topic.drain(plan.value(), QUIET).isEmpty());
    }

    @Test
    void anOperatorStartsABuild() {
        HttpAnswer answer = service.as(Role.OPERATOR).postJson("/builds", build());

        assertEquals(202, answer.status(), answer.body());
        assertEquals(head, Samples.only(topic.await(plan.value(), 1, Duration.ofSeconds(10))).commit());
    }

    @Test
    void aWebhookNeedsNoTokenButItsSecretAndATokenDoesNotStandInForTheSecret() {
        byte[] push = Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit());

        HttpAnswer tokenOnly = service.as(Role.ADMIN).post("/webhooks/github", push, "Content-Type", "application/json",
                "X-GitHub-Event", "push", "X-GitHub-Delivery", Samples.deliveryId());
        HttpAnswer signed = service.anonymously().post("/webhooks/github", push, "Content-Type", "application/json",
                "X-GitHub-Event", "push", "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, push));

        tokenOnly.expect(401, "the X-Hub-Signature-256 header is missing");
        assertEquals(202, signed.status(), signed.body());
        assertEquals(1, topic.await(plan.value(), 1, Duration.ofSeconds(10)).size());
    }

    @Test
    void healthSaysOnlyItsStatusWithoutATokenAndMetricsAreOpen() {
        JsonNode anonymous = service.anonymously().get("/health").expect(200).json();
        JsonNode operator = service.as(Role.VIEWER).get("/health").expect(200).json();

        assertEquals("UP", anonymous.path("status").asText(), anonymous.toString());
        assertFalse(anonymous.has("details"), "no broker ids or disk for a stranger: " + anonymous);
        assertTrue(operator.path("details").toString().contains("kafka"), operator.toString());
        assertTrue(service.anonymously().get("/prometheus").expect(200).body().contains("jvm_memory_used_bytes"));
    }

    private String build() {
        return "{\"plan\": \"" + plan + "\", \"commit\": \"" + head + "\", \"rebuild\": true}";
    }
}
