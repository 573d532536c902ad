package dev.slipway.webhook.trigger;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.testing.SampleEvents;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A merge is reported twice (a push and a merged pull request), and a signed body can be replayed
 * under a new delivery id: either would be a second build number of the same commit, which then
 * deploys again. A plan builds a commit once, unless someone asks for a rebuild, which the event says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneBuildPerCommitTest {
    private static final Duration QUIET = Duration.ofMillis(2000);
    private static final String GITHUB_PUSH_HEAD = "e2d0cb7d4f3e8a861697e1ce9c20f085bd27bd1f";
    private static final String GITHUB_MERGE = "3adaf3b3f2e87a194b9d3a720d24c7928c570c3b";
    private static final String BITBUCKET_PUSH_HEAD = "fd9c6db318920138374ce4e261da33394f117ea4";
    private static final String BITBUCKET_MERGE = "94dfc4f3b34a97a62f6483c0dd6214fe8927442a";
    private static final String GITLAB_PUSH_HEAD = "b7312182dde6c38c62b468b524ab5bc952615ee2";
    private static final String GITLAB_MERGE = "90e5b2b0eb8e548453199030c0760a5de198a80a";

    private final String secret = Samples.secret();
    private final PlanName shop = SampleEvents.uniquePlan("once-shop");
    private final PlanName kasse = SampleEvents.uniquePlan("once-kasse");
    private final PlanName lager = SampleEvents.uniquePlan("once-lager");
    private GitRepository repository;
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start(@TempDir Path directory) {
        // The shop's heads are read from a repository of the test's, so that a person can ask for its commits.
        repository = GitRepository.create(directory.resolve("shop"), "main");
        repository.commit("Kasse: erste Fassung");
        Map<String, Object> properties = new HashMap<>();
        properties.put("slipway.webhook.providers.github.secret", secret);
        properties.put("slipway.webhook.providers.bitbucket.secret", secret);
        properties.put("slipway.webhook.providers.gitlab.secret", secret);
        properties.put("slipway.webhook.history-directory", directory.resolve("history"));
        properties.put("slipway.plans." + shop + ".repository", "https://github.com/slipway-demo/shop.git");
        properties.put("slipway.plans." + shop + ".ls-remote-url", repository.url());
        properties.put("slipway.plans." + shop + ".branches", List.of("main"));
        properties.put("slipway.plans." + kasse + ".repository", "https://git.example.org/scm/shop/kasse-server.git");
        properties.put("slipway.plans." + kasse + ".branches", List.of("develop"));
        properties.put("slipway.plans." + lager + ".repository", "https://gitlab.com/slipway-demo/lager.git");
        properties.put("slipway.plans." + lager + ".branches", List.of("main"));
        service = RunningService.of("webhook-service").properties(properties).start();
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
    void aGitHubMergeReportedAsPushAndAsMergedPullRequestIsOneBuild() {
        CommitSha merge = Samples.newCommit();

        HttpAnswer push = github("push", Samples.withCommit("github/push.json", GITHUB_PUSH_HEAD, merge));
        HttpAnswer merged = github("pull_request", Samples.withCommit("github/pull_request-merged.json", GITHUB_MERGE, merge));

        assertEquals("accepted", push.json().path("status").asText(), push.body());
        assertEquals(202, merged.status(), merged.body());
        // The merged pull request still ends its preview (a PullRequestClosed); only the build is not repeated.
        assertEquals("accepted", merged.json().path("status").asText(), merged.body());
        assertEquals(0, merged.json().path("builds").size(), merged.body());
        assertEquals("merged", merged.json().at("/closed/0/outcome").asText(), merged.body());
        assertTrue(merged.json().path("ignored").toString().contains("already queued commit " + merge.shortSha()), merged.body());
        CommitReceived only = Samples.only(topic.drain(shop.value(), QUIET));
        assertEquals(merge, only.commit());
        assertEquals(Trigger.PUSH, only.trigger());
    }

    @Test
    void aBitbucketDataCenterMergeReportedAsRefsChangedAndPrMergedIsOneBuild() {
        CommitSha merge = Samples.newCommit();
        byte[] merged = Samples.withCommit("bitbucket/server-pr-merged.json", BITBUCKET_MERGE, merge);

        HttpAnswer first = bitbucket("pr:merged", merged);
        HttpAnswer second = bitbucket("repo:refs_changed", Samples.withCommit("bitbucket/server-refs-changed.json", BITBUCKET_PUSH_HEAD, merge));

        assertEquals("accepted", first.json().path("status").asText(), first.body());
        assertEquals("duplicate", second.json().path("status").asText(), second.body());
        CommitReceived only = Samples.only(topic.drain(kasse.value(), QUIET));
        assertEquals(merge, only.commit());
        assertEquals(Trigger.MERGE, only.trigger());
    }

    @Test
    void aGitLabMergeReportedAsPushHookAndMergeRequestHookIsOneBuild() {
        CommitSha merge = Samples.newCommit();

        HttpAnswer push = gitlab("Push Hook", Samples.withCommit("gitlab/push-hook.json", GITLAB_PUSH_HEAD, merge));
        HttpAnswer merged = gitlab("Merge Request Hook", Samples.withCommit("gitlab/merge-request-hook-merged.json", GITLAB_MERGE, merge));

        assertEquals("accepted", push.json().path("status").asText(), push.body());
        assertEquals(0, merged.json().path("builds").size(), merged.body());
        assertTrue(merged.json().path("ignored").toString().contains("already queued commit " + merge.shortSha()), merged.body());
        assertEquals(merge, Samples.only(topic.drain(lager.value(), QUIET)).commit());
    }

    @Test
    void aSignedBodyReplayedUnderANewDeliveryIdBuildsNothingNew() {
        CommitSha head = Samples.newCommit();
        byte[] push = Samples.withCommit("github/push.json", GITHUB_PUSH_HEAD, head);

        HttpAnswer original = github("push", push);
        HttpAnswer replayed = github("push", push);
        HttpAnswer replayedAgain = github("push", push);

        assertEquals("accepted", original.json().path("status").asText(), original.body());
        for (HttpAnswer replay : List.of(replayed, replayedAgain)) {
            assertEquals(202, replay.status(), replay.body());
            assertEquals("duplicate", replay.json().path("status").asText(), replay.body());
            assertEquals(original.json().at("/builds/0/eventId"), replay.json().at("/builds/0/eventId"), "the answer names the build queued before");
        }
        assertEquals(head, Samples.only(topic.drain(shop.value(), QUIET)).commit());
    }

    @Test
    void aPersonWhoAsksForARebuildGetsOneAndTheEventSaysSo() {
        CommitSha head = repository.commit("Kasse: Rückgeld in Münzen");
        HttpAnswer pushed = github("push", Samples.withCommit("github/push.json", GITHUB_PUSH_HEAD, head));
        String again = "{\"plan\": \"" + shop + "\", \"commit\": \"" + head + "\"}";
        String rebuild = "{\"plan\": \"" + shop + "\", \"commit\": \"" + head + "\", \"rebuild\": true}";

        HttpAnswer notAgain = service.postJson("/builds", again);
        HttpAnswer rebuilt = service.postJson("/builds", rebuild);

        assertEquals("accepted", pushed.json().path("status").asText(), pushed.body());
        assertEquals("duplicate", notAgain.json().path("status").asText(), notAgain.body());
        assertTrue(notAgain.message().contains("\"rebuild\": true"), "the answer says how to build it again: " + notAgain.message());
        assertEquals("accepted", rebuilt.json().path("status").asText(), rebuilt.body());
        List<CommitReceived> events = topic.drain(shop.value(), QUIET).stream().map(Samples::commitReceived).toList();
        assertEquals(2, events.size(), events.toString());
        assertFalse(events.get(0).rebuild());
        assertEquals(Trigger.MANUAL, events.get(1).trigger());
        assertEquals(head, events.get(1).commit());
        assertTrue(events.get(1).rebuild(), "the event says it is a deliberate rebuild");
    }

    private HttpAnswer github(String event, byte[] body) {
        return service.post("/webhooks/github", body, "Content-Type", "application/json", "X-GitHub-Event", event,
                "X-GitHub-Delivery", Samples.deliveryId(), "X-Hub-Signature-256", Samples.signature(secret, body));
    }

    private HttpAnswer bitbucket(String event, byte[] body) {
        return service.post("/webhooks/bitbucket", body, "Content-Type", "application/json", "X-Event-Key", event,
                "X-Request-Id", Samples.deliveryId(), "X-Hub-Signature", Samples.signature(secret, body));
    }

    private HttpAnswer gitlab(String event, byte[] body) {
        return service.post("/webhooks/gitlab", body, "Content-Type", "application/json", "X-Gitlab-Event", event,
                "Idempotency-Key", Samples.deliveryId(), "X-Gitlab-Token", secret);
    }
}
