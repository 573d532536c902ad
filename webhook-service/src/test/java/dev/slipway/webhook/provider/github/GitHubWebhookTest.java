package dev.slipway.webhook.provider.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GitHub's deliveries, as GitHub sends them, become exactly the CommitReceived they describe. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHubWebhookTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final RepositoryUrl SHOP = RepositoryUrl.of("https://github.com/slipway-demo/shop.git");
    /** The head of github/push.json; a plan builds a commit once, so each test that builds sends its own. */
    private static final String PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";

    private final String secret = Samples.secret();
    private final PlanName main = SampleEvents.uniquePlan("gh-main");
    private final PlanName releases = SampleEvents.uniquePlan("gh-release");
    private RunningService server;
    private TopicReader topic;

    @BeforeAll
    void start() {
        server = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.github.secret", secret,
                // Written as operators copy it: lowercase, with .git; the payloads say "Shop".
                "slipway.plans." + main + ".repository", SHOP.value(),
                "slipway.plans." + main + ".branches", List.of("main"),
                // The same repository by its ssh URL: matched all the same.
                "slipway.plans." + releases + ".repository", "ssh://git@github.com/slipway-demo/shop.git",
                "slipway.plans." + releases + ".branches", List.of("release/*"))).start();
    }

    @AfterAll
    void stop() {
        server.close();
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
    void aBranchPushBecomesOneCommitReceivedWithTheHeadCommitsAuthorAndMessage() {
        CommitSha head = Samples.newCommit();
        byte[] body = Samples.withCommit("github/push.json", PUSH_HEAD, head);
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("push", delivery, body, "application/json");

        assertEquals(202, answer.status(), answer.body());
        assertEquals("accepted", answer.json().path("status").asText());
        JsonNode headCommit = Samples.json("github/push.json").path("head_commit");
        CommitReceived event = Samples.only(topic.await(main.value(), 1, Duration.ofSeconds(10)));
        assertEquals(main, event.plan());
        assertEquals(SHOP, event.repository(), "the configured URL, never the one in the body");
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(head, event.commit());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertEquals(headCommit.path("message").asText(), event.message());
        assertTrue(event.message().contains("🚀") && event.message().contains("日本語"), event.message());
        assertEquals(Trigger.PUSH, event.trigger());
        assertEquals(delivery, event.deliveryId());
        assertEquals(EventId.derived("webhook/github/" + delivery + "/" + main + "/main"), event.eventId());
        assertEquals(event.eventId().toString(), answer.json().at("/builds/0/eventId").asText());
        assertTrue(topic.drain(releases.value(), QUIET).isEmpty(), "the release plan does not build main");
    }

    @Test
    void theFormEncodedContentTypeCarriesTheSameDeliveryInItsPayloadField() {
        CommitSha head = Samples.newCommit();
        String json = new String(Samples.withCommit("github/push.json", PUSH_HEAD, head), StandardCharsets.UTF_8);
        byte[] form = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("push", delivery, form, "application/x-www-form-urlencoded");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(main.value(), 1, Duration.ofSeconds(10)));
        assertEquals(head, event.commit());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertTrue(event.message().contains("🚀"), "the form decoding keeps unicode intact: " + event.message());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void aPushOfHundredsOfCommitsBuildsItsHeadOnTheMatchingBranchPattern() {
        byte[] body = Samples.body("github/push-many-commits.json");
        JsonNode payload = Samples.json("github/push-many-commits.json");
        assertEquals(320, payload.path("commits").size());
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("push", delivery, body, "application/json");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(releases.value(), 1, Duration.ofSeconds(10)));
        assertEquals(BranchName.of("release/2026.11"), event.branch());
        assertEquals(CommitSha.of(payload.path("after").asText()), event.commit());
        assertEquals(payload.at("/head_commit/message").asText(), event.message());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertEquals(RepositoryUrl.of("ssh://git@github.com/slipway-demo/shop.git"), event.repository(), "the release plan's own URL");
        assertTrue(topic.drain(main.value(), QUIET).isEmpty());
    }

    @Test
    void aMergedPullRequestBuildsItsMergeCommitOnTheBaseBranch() {
        byte[] body = Samples.body("github/pull_request-merged.json");
        JsonNode pull = Samples.json("github/pull_request-merged.json").path("pull_request");
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pull_request", delivery, body, "application/json");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(main.value(), 1, Duration.ofSeconds(10)));
        assertEquals(main, event.plan());
        assertEquals(SHOP, event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(CommitSha.of(pull.path("merge_commit_sha").asText()), event.commit());
        assertEquals(Author.of("octo-ops", null), event.author());
        assertEquals(pull.path("title").asText(), event.message());
        assertEquals(Trigger.MERGE, event.trigger());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void aPingIsAnsweredWithoutAnEvent() {
        HttpAnswer answer = deliver("ping", Samples.deliveryId(), Samples.body("github/ping.json"), "application/json");

        assertEquals(200, answer.status(), answer.body());
        assertEquals("pong", answer.json().path("status").asText());
        assertTrue(answer.message().contains("487220311"), answer.message());
        assertTrue(topic.drain(main.value(), QUIET).isEmpty());
    }

    @Test
    void tagPushesBranchDeletionsAndPullRequestEditsAreAcknowledgedAndIgnoredWithTheReason() {
        assertIgnored(deliver("push", Samples.deliveryId(), Samples.body("github/push-tag.json"), "application/json"),
                "'refs/tags/v1.4.0' is not a branch push; tags are not built");
        assertIgnored(deliver("push", Samples.deliveryId(), Samples.body("github/push-branch-deleted.json"), "application/json"),
                "branch 'feature/old-cart' was deleted");
        assertIgnored(deliver("pull_request", Samples.deliveryId(), Samples.edited(Samples.body("github/pull_request-opened.json"),
                root -> root.put("action", "labeled")), "application/json"), "pull request #42 was 'labeled'");
        assertIgnored(deliver("issues", Samples.deliveryId(), Samples.body("github/push.json"), "application/json"),
                "GitHub event 'issues' does not start builds");

        assertTrue(topic.drain(main.value(), QUIET).isEmpty());
        assertTrue(topic.drain(releases.value(), Duration.ZERO).isEmpty());
    }

    @Test
    void aBranchOrRepositoryNoPlanCoversIsAcknowledgedAndIgnoredWithTheReason() {
        String push = Samples.text("github/push.json");
        byte[] develop = push.replace("\"refs/heads/main\"", "\"refs/heads/develop\"").getBytes(StandardCharsets.UTF_8);
        byte[] otherRepository = push.replace("slipway-demo/Shop", "someone-else/Shop").getBytes(StandardCharsets.UTF_8);

        assertIgnored(deliver("push", Samples.deliveryId(), develop, "application/json"),
                "no plan builds branch 'develop' of 'https://github.com/slipway-demo/Shop.git'");
        assertIgnored(deliver("push", Samples.deliveryId(), otherRepository, "application/json"),
                "no plan is configured for repository 'https://github.com/someone-else/Shop.git'");
        assertTrue(topic.drain(main.value(), QUIET).isEmpty());
    }

    @Test
    void aRedeliveryOfTheSameDeliveryIdWritesNoSecondEventAndSaysItIsADuplicate() {
        byte[] body = Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit());
        String delivery = Samples.deliveryId();

        HttpAnswer first = deliver("push", delivery, body, "application/json");
        HttpAnswer redelivered = deliver("push", delivery, body, "application/json");

        assertEquals(202, first.status(), first.body());
        assertEquals(202, redelivered.status(), redelivered.body());
        assertEquals("duplicate", redelivered.json().path("status").asText());
        assertTrue(redelivered.message().contains("already accepted"), redelivered.message());
        assertEquals(first.json().at("/builds/0/eventId"), redelivered.json().at("/builds/0/eventId"));
        assertEquals(1, topic.drain(main.value(), QUIET).size());
    }

    @Test
    void deliveriesAreCountedByProviderEventAndOutcomeAndTimed() {
        deliver("push", Samples.deliveryId(), Samples.withCommit("github/push.json", PUSH_HEAD, Samples.newCommit()), "application/json");
        deliver("ping", Samples.deliveryId(), Samples.body("github/ping.json"), "application/json");
        server.post("/webhooks/github", Samples.body("github/push.json"), "Content-Type", "application/json",
                "X-GitHub-Event", "push", "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", "sha256=" + "0".repeat(64));

        String metrics = server.get("/prometheus").body();

        assertTrue(metrics.contains("slipway_webhook_deliveries_total{event=\"push\",outcome=\"accepted\",provider=\"github\"}"), metrics);
        assertTrue(metrics.contains("slipway_webhook_deliveries_total{event=\"ping\",outcome=\"pong\",provider=\"github\"}"), metrics);
        assertTrue(metrics.contains("slipway_webhook_deliveries_total{event=\"push\",outcome=\"unauthenticated\",provider=\"github\"}"), metrics);
        assertTrue(metrics.contains("slipway_webhook_acknowledge_seconds_count{outcome=\"accepted\",provider=\"github\"}"), metrics);
    }

    private HttpAnswer deliver(String event, String delivery, byte[] body, String contentType) {
        return server.post("/webhooks/github", body,
                "Content-Type", contentType,
                "User-Agent", "GitHub-Hookshot/8f1c2d3",
                "X-GitHub-Event", event,
                "X-GitHub-Delivery", delivery,
                "X-GitHub-Hook-ID", "487220311",
                "X-Hub-Signature-256", Samples.signature(secret, body));
    }

    private static void assertIgnored(HttpAnswer answer, String reason) {
        assertEquals(202, answer.status(), answer.body());
        assertEquals("ignored", answer.json().path("status").asText(), answer.body());
        assertTrue(answer.message().contains(reason), "'" + answer.message() + "' should say " + reason);
        assertNull(answer.json().get("builds"), answer.body());
    }
}
