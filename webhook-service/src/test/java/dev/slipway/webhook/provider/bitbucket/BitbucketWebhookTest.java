package dev.slipway.webhook.provider.bitbucket;

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
import dev.slipway.webhook.GitRepository;
import dev.slipway.webhook.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bitbucket Cloud and Bitbucket Data Center deliveries become exactly the CommitReceived they describe. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BitbucketWebhookTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final RepositoryUrl KASSE = RepositoryUrl.of("https://bitbucket.org/slipway-demo/kasse.git");
    private static final RepositoryUrl KASSE_SERVER = RepositoryUrl.of("https://git.example.org/scm/shop/kasse-server.git");
    /** The head of bitbucket/server-refs-changed.json; a plan builds a commit once, so each test that builds sends its own. */
    private static final String SERVER_PUSH_HEAD = "fd9c6db318920138374ce4e261da33394f117ea4";

    private final String secret = Samples.secret();
    private final PlanName cloud = SampleEvents.uniquePlan("bb-cloud");
    private final PlanName server = SampleEvents.uniquePlan("bb-server");
    private GitRepository mirror;
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start(@TempDir Path mirrorDirectory) {
        // Bitbucket Cloud names merge commits by 12 hex digits; the service resolves them by
        // reading the branch head from the plan's ls-remote URL, here a local stand-in.
        mirror = GitRepository.create(mirrorDirectory, "main");
        mirror.commit("Kasse: erste Fassung");
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.bitbucket.secret", secret,
                "slipway.plans." + cloud + ".repository", KASSE.value(),
                "slipway.plans." + cloud + ".branches", List.of("main"),
                "slipway.plans." + cloud + ".ls-remote-url", mirror.url(),
                "slipway.plans." + server + ".repository", KASSE_SERVER.value(),
                "slipway.plans." + server + ".branches", List.of("develop"))).start();
    }

    @AfterAll
    void stop() {
        service.close();
        mirror.close();
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
    void aCloudPushBuildsTheBranchAndSaysWhyItsTagIsIgnored() {
        byte[] body = Samples.body("bitbucket/cloud-repo-push.json");
        JsonNode target = Samples.json("bitbucket/cloud-repo-push.json").at("/push/changes/0/new/target");
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("repo:push", "X-Request-UUID", delivery, body);

        assertEquals(202, answer.status(), answer.body());
        assertTrue(answer.json().path("ignored").toString().contains("tag 'v2.0.0' is not a branch"), answer.body());
        CommitReceived event = Samples.only(topic.await(cloud.value(), 1, Duration.ofSeconds(10)));
        assertEquals(cloud, event.plan());
        assertEquals(KASSE, event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(CommitSha.of(target.path("hash").asText()), event.commit());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertEquals(target.path("message").asText(), event.message());
        assertEquals(Trigger.PUSH, event.trigger());
        assertEquals(delivery, event.deliveryId());
        assertEquals(EventId.derived("webhook/bitbucket/" + delivery + "/" + cloud + "/main"), event.eventId());
    }

    @Test
    void aFulfilledCloudPullRequestBuildsTheFullIdOfItsAbbreviatedMergeCommit() {
        CommitSha merge = mirror.commit("Merged in feature/muenzen (pull request #17)");
        byte[] body = Samples.text("bitbucket/cloud-pullrequest-fulfilled.json")
                .replace("{{MERGE_COMMIT_12}}", merge.value().substring(0, 12)).getBytes(StandardCharsets.UTF_8);
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pullrequest:fulfilled", "X-Request-UUID", delivery, body);

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(cloud.value(), 1, Duration.ofSeconds(10)));
        assertEquals(KASSE, event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(merge, event.commit());
        assertEquals(Author.of("Åsa Ops", null), event.author());
        assertEquals("Rückgeld in Münzen anzeigen 🪙", event.message());
        assertEquals(Trigger.MERGE, event.trigger());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void aFulfilledCloudPullRequestWhoseMergeCommitIsNoLongerTheHeadBuildsNothingAndSaysWhy() {
        CommitSha merge = mirror.commit("Merged in feature/wechselgeld (pull request #18)");
        mirror.commit("Someone pushed right after the merge");
        byte[] body = Samples.text("bitbucket/cloud-pullrequest-fulfilled.json")
                .replace("{{MERGE_COMMIT_12}}", merge.value().substring(0, 12)).getBytes(StandardCharsets.UTF_8);

        HttpAnswer answer = deliver("pullrequest:fulfilled", "X-Request-UUID", Samples.deliveryId(), body);

        assertEquals(202, answer.status(), answer.body());
        assertEquals("accepted", answer.json().path("status").asText(), "the pull request's preview ended: " + answer.body());
        assertEquals(0, answer.json().path("builds").size(), answer.body());
        assertTrue(answer.json().path("ignored").toString().contains("is no longer the head of branch 'main'"), answer.body());
        assertTrue(topic.drain(cloud.value(), QUIET).isEmpty());
    }

    @Test
    void aDataCenterPushBuildsTheUpdatedBranchAndIgnoresTheDeletedOneAndTheTag() {
        CommitSha head = Samples.newCommit();
        byte[] body = Samples.withCommit("bitbucket/server-refs-changed.json", SERVER_PUSH_HEAD, head);
        JsonNode payload = Samples.json("bitbucket/server-refs-changed.json");
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("repo:refs_changed", "X-Request-Id", delivery, body);

        assertEquals(202, answer.status(), answer.body());
        String ignored = answer.json().path("ignored").toString();
        assertTrue(ignored.contains("branch 'feature/alt' was deleted") && ignored.contains("tag 'v3.1' is not a branch"), ignored);
        CommitReceived event = Samples.only(topic.await(server.value(), 1, Duration.ofSeconds(10)));
        assertEquals(server, event.plan());
        assertEquals(KASSE_SERVER, event.repository());
        assertEquals(BranchName.of("develop"), event.branch());
        assertEquals(head, event.commit());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertEquals(payload.at("/commits/0/message").asText(), event.message());
        assertEquals(Trigger.PUSH, event.trigger());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void aMergedDataCenterPullRequestBuildsItsMergeCommit() {
        byte[] body = Samples.body("bitbucket/server-pr-merged.json");
        JsonNode pull = Samples.json("bitbucket/server-pr-merged.json").path("pullRequest");
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pr:merged", "X-Request-Id", delivery, body);

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(server.value(), 1, Duration.ofSeconds(10)));
        assertEquals(KASSE_SERVER, event.repository());
        assertEquals(BranchName.of("develop"), event.branch());
        assertEquals(CommitSha.of(pull.at("/properties/mergeCommit/id").asText()), event.commit());
        assertEquals(Author.of("Åsa Ops", "asa@example.org"), event.author());
        assertEquals("Kassenschnitt um Mitternacht 🌙", event.message());
        assertEquals(Trigger.MERGE, event.trigger());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void theDataCenterTestConnectionIsAnsweredWithoutAnEvent() {
        HttpAnswer answer = deliver("diagnostics:ping", "X-Request-Id", Samples.deliveryId(),
                Samples.body("bitbucket/server-diagnostics-ping.json"));

        assertEquals(200, answer.status(), answer.body());
        assertEquals("pong", answer.json().path("status").asText());
        assertTrue(topic.drain(server.value(), QUIET).isEmpty());
    }

    @Test
    void aDeletedBranchAndAnUnknownEventAreAcknowledgedAndIgnored() {
        HttpAnswer deleted = deliver("repo:push", "X-Request-UUID", Samples.deliveryId(),
                Samples.body("bitbucket/cloud-repo-push-branch-deleted.json"));
        HttpAnswer unknown = deliver("issue:created", "X-Request-UUID", Samples.deliveryId(),
                Samples.body("bitbucket/cloud-repo-push.json"));

        assertEquals(202, deleted.status(), deleted.body());
        assertTrue(deleted.message().contains("branch 'feature/alte-kasse' was deleted"), deleted.message());
        assertEquals(202, unknown.status(), unknown.body());
        assertTrue(unknown.message().contains("Bitbucket event 'issue:created' does not start builds"), unknown.message());
        assertTrue(topic.drain(cloud.value(), QUIET).isEmpty());
    }

    @Test
    void aRetriedDeliveryWithTheSameRequestUuidWritesNoSecondEvent() {
        byte[] body = Samples.withCommit("bitbucket/server-refs-changed.json", SERVER_PUSH_HEAD, Samples.newCommit());
        String delivery = Samples.deliveryId();

        HttpAnswer first = deliver("repo:refs_changed", "X-Request-Id", delivery, body);
        HttpAnswer retried = deliver("repo:refs_changed", "X-Request-Id", delivery, body);

        assertEquals("accepted", first.json().path("status").asText(), first.body());
        assertEquals("duplicate", retried.json().path("status").asText(), retried.body());
        assertEquals(1, topic.drain(server.value(), QUIET).size());
    }

    private HttpAnswer deliver(String event, String deliveryHeader, String delivery, byte[] body) {
        return service.post("/webhooks/bitbucket", body,
                "Content-Type", "application/json; charset=UTF-8",
                "User-Agent", "Bitbucket-Webhooks/2.0",
                "X-Event-Key", event,
                deliveryHeader, delivery,
                "X-Attempt-Number", "1",
                "X-Hub-Signature", Samples.signature(secret, body));
    }
}
