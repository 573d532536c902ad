package dev.slipway.webhook.http;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad delivery gets its status and a message that says what is wrong, writes no
 * event, and leaves the service up for the next one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadDeliveriesTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    /** The head of github/push.json; a plan builds a commit once, so each test that builds sends its own. */
    private static final String PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";

    private final String secret = Samples.secret();
    private final String gitlabToken = Samples.secret();
    private final String bitbucketSecret = Samples.secret();
    private final PlanName shop = SampleEvents.uniquePlan("bad-shop");
    private final PlanName lager = SampleEvents.uniquePlan("bad-lager");
    private final PlanName kasse = SampleEvents.uniquePlan("bad-kasse");
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start() {
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.max-body-size", "64KB",
                "slipway.webhook.providers.github.secret", secret,
                "slipway.webhook.providers.gitlab.secret", gitlabToken,
                "slipway.webhook.providers.bitbucket.secret", bitbucketSecret,
                "slipway.plans." + shop + ".repository", "https://github.com/slipway-demo/shop.git",
                "slipway.plans." + shop + ".branches", List.of("main"),
                "slipway.plans." + lager + ".repository", "https://gitlab.com/slipway-demo/lager.git",
                "slipway.plans." + lager + ".branches", List.of("main"),
                "slipway.plans." + kasse + ".repository", "https://git.example.org/scm/shop/kasse-server.git",
                "slipway.plans." + kasse + ".branches", List.of("develop"))).start();
    }

    @AfterAll
    void stop() {
        service.close();
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
    void deliveriesWithoutAValidSignatureOrTokenAre401AndWriteNothing() {
        byte[] push = Samples.body("github/push.json");
        byte[] altered = Samples.text("github/push.json").replace("Preisformat", "Pricefmt").getBytes(StandardCharsets.UTF_8);

        assertAnswer(401, "the X-Hub-Signature-256 header is missing", github(push, "push"));
        assertAnswer(401, "signature does not match the body", github(push, "push", "X-Hub-Signature-256", Samples.signature("guessed", push)));
        assertAnswer(401, "signature does not match the body", github(altered, "push", "X-Hub-Signature-256", Samples.signature(secret, push)));
        assertAnswer(401, "must look like sha256=<64 hex digits>", github(push, "push", "X-Hub-Signature-256", "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6"));
        assertAnswer(401, "the X-Gitlab-Token header is missing", gitlab(Samples.body("gitlab/push-hook.json")));
        assertAnswer(401, "does not match the configured secret token", gitlab(Samples.body("gitlab/push-hook.json"), "X-Gitlab-Token", gitlabToken + "x"));
        assertAnswer(401, "the X-Hub-Signature header is missing", bitbucket(Samples.body("bitbucket/server-refs-changed.json")));
        // Authentication comes first: an unsigned body is refused before anyone reads it.
        assertAnswer(401, "header is missing", github("{not json".getBytes(StandardCharsets.UTF_8), "push"));

        assertNothingWritten();
    }

    @Test
    void malformedJsonAndPayloadsMissingWhatTheEventNeedsAre400NamingWhatIsWrong() {
        assertAnswer(400, "the body is not valid JSON", signedGithub("{\"ref\": \"refs/heads/main\", ", "push"));
        assertAnswer(400, "the body must be a JSON object", signedGithub("[1, 2, 3]", "push"));
        assertAnswer(400, "the body is empty", signedGithub("", "push"));
        assertAnswer(400, "Duplicate field 'after'", signedGithub(Samples.text("github/push.json")
                .replace("\"after\": \"", "\"after\": \"0000000000000000000000000000000000000000\", \"after\": \""), "push"));
        assertAnswer(400, "nesting depth", signedGithub("[".repeat(2000) + "]".repeat(2000), "push"));
        assertAnswer(400, "field 'after' is missing", signedGithub(Samples.text("github/push.json").replace("\"after\":", "\"later\":"), "push"));
        assertAnswer(400, "field 'after' is 'HEAD~1', not a Git commit id", signedGithub(Samples.text("github/push.json")
                .replaceFirst("\"after\": \"[0-9a-f]{40}\"", "\"after\": \"HEAD~1\""), "push"));
        assertAnswer(400, "field 'ref': branch 'main..evil' is not a valid Git branch name", signedGithub(Samples.text("github/push.json")
                .replace("\"refs/heads/main\"", "\"refs/heads/main..evil\""), "push"));
        assertAnswer(400, "field 'pull_request.base.ref' is missing", signedGithub(Samples.text("github/pull_request-merged.json")
                .replace("\"ref\": \"main\"", "\"reference\": \"main\""), "pull_request"));
        assertAnswer(400, "the X-GitHub-Event header is missing", service.post("/webhooks/github", Samples.body("github/push.json"),
                "Content-Type", "application/json", "X-GitHub-Delivery", Samples.deliveryId(),
                "X-Hub-Signature-256", Samples.signature(secret, Samples.body("github/push.json"))));
        assertAnswer(400, "the X-GitHub-Delivery header is not a delivery id", github(Samples.body("github/push.json"), "push",
                "X-GitHub-Delivery", "d".repeat(200), "X-Hub-Signature-256", Samples.signature(secret, Samples.body("github/push.json"))));
        byte[] form = "hook=push&zen=yes".getBytes(StandardCharsets.US_ASCII);
        assertAnswer(400, "the form body has no 'payload' field", service.post("/webhooks/github", form,
                "Content-Type", "application/x-www-form-urlencoded", "X-GitHub-Event", "push", "X-GitHub-Delivery", Samples.deliveryId(),
                "X-Hub-Signature-256", Samples.signature(secret, form)));
        byte[] noMergeCommit = Samples.text("bitbucket/server-pr-merged.json").replace("\"mergeCommit\"", "\"lastCommit\"")
                .getBytes(StandardCharsets.UTF_8);
        assertAnswer(400, "field 'pullRequest.properties.mergeCommit.id' is missing", bitbucket(noMergeCommit,
                "X-Hub-Signature", Samples.signature(bitbucketSecret, noMergeCommit)));

        assertNothingWritten();
    }

    @Test
    void aBodyOverTheLimitIs413AndAnUnknownEventIsIgnored() {
        byte[] large = Samples.body("github/push-many-commits.json");
        assertTrue(large.length > 64 * 1024);

        assertAnswer(413, "exceeds the maximum allowed content length", github(large, "push", "X-Hub-Signature-256", Samples.signature(secret, large)));
        HttpAnswer unknown = github(Samples.body("github/push.json"), "star",
                "X-Hub-Signature-256", Samples.signature(secret, Samples.body("github/push.json")));
        assertAnswer(202, "GitHub event 'star' does not start builds", unknown);
        assertEquals("ignored", unknown.json().path("status").asText());
        assertAnswer(415, "Content Type [text/plain] not allowed", service.post("/webhooks/github", Samples.body("github/push.json"), "Content-Type", "text/plain",
                "X-GitHub-Event", "push", "X-GitHub-Delivery", Samples.deliveryId()));
        assertAnswer(404, "no webhook endpoint for 'gitea'", service.post("/webhooks/gitea", Samples.body("github/push.json"),
                "Content-Type", "application/json"));

        assertNothingWritten();
    }

    @Test
    void aRepositoryUrlInTheBodyIsOnlyComparedNeverPassedOnSoItsPasswordGoesNowhere() {
        byte[] hostile = new String(Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit()), StandardCharsets.UTF_8)
                .replace("https://github.com/slipway-demo/Shop.git", "HTTPS://x-token:ghp_leaked@GitHub.com/slipway-demo/Shop.git/")
                .getBytes(StandardCharsets.UTF_8);

        HttpAnswer answer = github(hostile, "push", "X-Hub-Signature-256", Samples.signature(secret, hostile));

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(shop.value(), 1, Duration.ofSeconds(10)));
        assertEquals(RepositoryUrl.of("https://github.com/slipway-demo/shop.git"), event.repository());
    }

    @Test
    void theServiceStaysUpAndAcceptsAGoodDeliveryAfterBadOnes() {
        for (int i = 0; i < 20; i++) {
            github(("{\"garbage\": " + i).getBytes(StandardCharsets.UTF_8), "push");
        }

        assertEquals(200, service.get("/health").status());
        byte[] push = Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit());
        assertEquals(202, github(push, "push", "X-Hub-Signature-256", Samples.signature(secret, push)).status());
        assertEquals(1, topic.await(shop.value(), 1, Duration.ofSeconds(10)).size());
    }

    private HttpAnswer signedGithub(String body, String event) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return github(bytes, event, "X-Hub-Signature-256", Samples.signature(secret, bytes));
    }

    private HttpAnswer github(byte[] body, String event, String... extraHeaders) {
        return service.post("/webhooks/github", body, headers(new String[]{"Content-Type", "application/json", "X-GitHub-Event", event,
                "X-GitHub-Delivery", Samples.deliveryId()}, extraHeaders));
    }

    private HttpAnswer gitlab(byte[] body, String... extraHeaders) {
        return service.post("/webhooks/gitlab", body, headers(new String[]{"Content-Type", "application/json", "X-Gitlab-Event", "Push Hook",
                "Idempotency-Key", Samples.deliveryId()}, extraHeaders));
    }

    private HttpAnswer bitbucket(byte[] body, String... extraHeaders) {
        return service.post("/webhooks/bitbucket", body, headers(new String[]{"Content-Type", "application/json",
                "X-Event-Key", body.length < 5000 && new String(body, StandardCharsets.UTF_8).contains("pr:merged") ? "pr:merged" : "repo:refs_changed",
                "X-Request-Id", Samples.deliveryId()}, extraHeaders));
    }

    /** Extra headers replace base headers of the same name. */
    private static String[] headers(String[] base, String[] extra) {
        java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>();
        for (int i = 0; i < base.length; i += 2) {
            all.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < extra.length; i += 2) {
            all.put(extra[i], extra[i + 1]);
        }
        return all.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
    }

    private static void assertAnswer(int status, String messagePart, HttpAnswer answer) {
        answer.expect(status, messagePart);
    }

    private void assertNothingWritten() {
        assertTrue(topic.drain(shop.value(), QUIET).isEmpty(), "no event for " + shop);
        assertTrue(topic.drain(lager.value(), Duration.ZERO).isEmpty(), "no event for " + lager);
        assertTrue(topic.drain(kasse.value(), Duration.ZERO).isEmpty(), "no event for " + kasse);
    }
}
