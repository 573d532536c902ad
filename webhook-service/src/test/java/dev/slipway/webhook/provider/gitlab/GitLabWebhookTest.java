package dev.slipway.webhook.provider.gitlab;

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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GitLab's push and merge request hooks become exactly the CommitReceived they describe. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitLabWebhookTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final RepositoryUrl LAGER = RepositoryUrl.of("https://gitlab.com/slipway-demo/lager.git");
    /** The head of gitlab/push-hook.json; a plan builds a commit once, so each test that builds sends its own. */
    private static final String PUSH_HEAD = "b7312182dde6c38c62b468b524ab5bc952615ee2";

    private final String token = Samples.secret();
    private final PlanName plan = SampleEvents.uniquePlan("gl-main");
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start() {
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.gitlab.secret", token,
                "slipway.plans." + plan + ".repository", LAGER.value(),
                "slipway.plans." + plan + ".branches", List.of("main"))).start();
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
    void aPushHookBuildsTheHeadCommitWithItsAuthor() {
        JsonNode payload = Samples.json("gitlab/push-hook.json");
        CommitSha head = Samples.newCommit();
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("Push Hook", "Idempotency-Key", delivery, Samples.withCommit("gitlab/push-hook.json", PUSH_HEAD, head));

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(plan.value(), 1, Duration.ofSeconds(10)));
        assertEquals(plan, event.plan());
        assertEquals(LAGER, event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(head, event.commit());
        // The pusher's email is hidden (""); the head commit's author has one.
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertEquals(payload.at("/commits/1/message").asText(), event.message());
        assertEquals(Trigger.PUSH, event.trigger());
        assertEquals(delivery, event.deliveryId());
        assertEquals(EventId.derived("webhook/gitlab/" + delivery + "/" + plan + "/main"), event.eventId());
    }

    @Test
    void aMergedMergeRequestBuildsItsMergeCommit() {
        JsonNode request = Samples.json("gitlab/merge-request-hook-merged.json").path("object_attributes");
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("Merge Request Hook", "Idempotency-Key", delivery, "gitlab/merge-request-hook-merged.json");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(plan.value(), 1, Duration.ofSeconds(10)));
        assertEquals(LAGER, event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(CommitSha.of(request.path("merge_commit_sha").asText()), event.commit());
        assertEquals(Author.of("Åsa Ops", "asa@example.org"), event.author());
        assertEquals("Inventur-Zählliste ✓", event.message());
        assertEquals(Trigger.MERGE, event.trigger());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void aFastForwardMergeBuildsTheLastCommitOfTheMergeRequest() {
        JsonNode request = Samples.json("gitlab/merge-request-hook-fast-forwarded.json").path("object_attributes");

        HttpAnswer answer = deliver("Merge Request Hook", "X-Gitlab-Event-UUID", Samples.deliveryId(),
                "gitlab/merge-request-hook-fast-forwarded.json");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(plan.value(), 1, Duration.ofSeconds(10)));
        assertEquals(CommitSha.of(request.at("/last_commit/id").asText()), event.commit());
        assertEquals(Trigger.MERGE, event.trigger());
    }

    @Test
    void anApprovedMergeRequestAndADeletedBranchAreAcknowledgedAndIgnored() {
        HttpAnswer approved = deliver("Merge Request Hook", "Idempotency-Key", Samples.deliveryId(), Samples.edited(
                Samples.body("gitlab/merge-request-hook-opened.json"), root -> Samples.at(root, "/object_attributes").put("action", "approved")));
        HttpAnswer deleted = deliver("Push Hook", "Idempotency-Key", Samples.deliveryId(), "gitlab/push-hook-branch-deleted.json");
        HttpAnswer tag = deliver("Tag Push Hook", "Idempotency-Key", Samples.deliveryId(), "gitlab/push-hook.json");

        assertEquals(202, approved.status(), approved.body());
        assertTrue(approved.message().contains("merge request !7 had action 'approved'"), approved.message());
        assertEquals(202, deleted.status(), deleted.body());
        assertTrue(deleted.message().contains("branch 'feature/zaehlung' was deleted"), deleted.message());
        assertEquals(202, tag.status(), tag.body());
        assertTrue(tag.message().contains("GitLab event 'Tag Push Hook' does not start builds"), tag.message());
        assertTrue(topic.drain(plan.value(), QUIET).isEmpty());
    }

    @Test
    void aRetriedHookWithTheSameIdempotencyKeyWritesNoSecondEvent() {
        String delivery = Samples.deliveryId();
        byte[] push = Samples.withCommit("gitlab/push-hook.json", PUSH_HEAD, Samples.newCommit());

        HttpAnswer first = deliver("Push Hook", "Idempotency-Key", delivery, push);
        HttpAnswer retried = deliver("Push Hook", "Idempotency-Key", delivery, push);

        assertEquals("accepted", first.json().path("status").asText(), first.body());
        assertEquals("duplicate", retried.json().path("status").asText(), retried.body());
        assertEquals(1, topic.drain(plan.value(), QUIET).size());
    }

    private HttpAnswer deliver(String event, String deliveryHeader, String delivery, String sample) {
        return deliver(event, deliveryHeader, delivery, Samples.body(sample));
    }

    private HttpAnswer deliver(String event, String deliveryHeader, String delivery, byte[] body) {
        return service.post("/webhooks/gitlab", body,
                "Content-Type", "application/json",
                "User-Agent", "GitLab/18.6.0-ee",
                "X-Gitlab-Event", event,
                "X-Gitlab-Instance", "https://gitlab.com",
                "X-Gitlab-Webhook-UUID", Samples.deliveryId(),
                deliveryHeader, delivery,
                "X-Gitlab-Token", token);
    }
}
