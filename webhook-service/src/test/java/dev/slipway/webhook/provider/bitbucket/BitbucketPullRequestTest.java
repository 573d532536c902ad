package dev.slipway.webhook.provider.bitbucket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bitbucket Cloud's {@code pullrequest:*} and Bitbucket Data Center's {@code pr:*} deliveries:
 * previews of a pull request's head, and their end when it is merged, declined or deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BitbucketPullRequestTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RepositoryUrl KASSE = RepositoryUrl.of("https://bitbucket.org/slipway-demo/kasse.git");
    private static final RepositoryUrl KASSE_SERVER = RepositoryUrl.of("https://git.example.org/scm/shop/kasse-server.git");
    /** The head of pull request 311 in bitbucket/server-pr-from-ref-updated.json. */
    private static final String SERVER_HEAD = "5d2c9e0b7a4f13c86e2d9b0a1f7c3e5d8b6a4c20";
    private static final String SERVER_MERGE = "94dfc4f3b34a97a62f6483c0dd6214fe8927442a";

    private final String secret = Samples.secret();
    private final PlanName cloud = SampleEvents.uniquePlan("bbpr-cloud");
    private final PlanName server = SampleEvents.uniquePlan("bbpr-server");
    private GitRepository mirror;
    private RunningService service;
    private TopicReader commits;
    private TopicReader closed;

    @BeforeAll
    void start(@TempDir Path mirrorDirectory) {
        // Bitbucket Cloud names a pull request's head by 12 hex digits; the service reads the full
        // id from the source branch's head at the plan's ls-remote URL, here a local stand-in.
        mirror = GitRepository.create(mirrorDirectory, "main");
        mirror.commit("Kasse: erste Fassung");
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.bitbucket.secret", secret,
                "slipway.plans." + cloud + ".repository", KASSE.value(),
                "slipway.plans." + cloud + ".branches", List.of("main"),
                "slipway.plans." + cloud + ".ls-remote-url", mirror.url(),
                "slipway.plans." + server + ".repository", KASSE_SERVER.value(),
                "slipway.plans." + server + ".branches", List.of("develop"),
                "slipway.plans." + server + ".build-forks", true)).start();
    }

    @AfterAll
    void stop() {
        service.close();
        mirror.close();
    }

    @BeforeEach
    void openTopics() {
        commits = TopicReader.fromNow(Topics.COMMIT_RECEIVED);
        closed = TopicReader.fromNow(Topics.PULL_REQUEST_CLOSED);
    }

    @AfterEach
    void closeTopics() {
        commits.close();
        closed.close();
    }

    @Test
    void aCreatedCloudPullRequestPreviewsTheFullIdOfItsAbbreviatedHeadAndATitleEditBuildsNothingMore() {
        String branch = "feature/muenzen-" + UUID.randomUUID().toString().substring(0, 8);
        CommitSha head = mirror.commitOnBranch(branch, "Münzen: 2 € und 1 €");
        byte[] created = cloudPullRequest(branch, head);
        byte[] retitled = Samples.edited(created, root -> Samples.at(root, "/pullrequest").put("title", "Rückgeld in Münzen (v2)"));

        HttpAnswer answer = deliver("pullrequest:created", "X-Request-UUID", created);
        HttpAnswer edit = deliver("pullrequest:updated", "X-Request-UUID", retitled);

        assertEquals(202, answer.status(), answer.body());
        assertEquals("accepted", answer.json().path("status").asText(), answer.body());
        assertEquals("duplicate", edit.json().path("status").asText(), edit.body());
        CommitReceived event = Samples.only(commits.await(cloud.value(), 1, WAIT));
        assertEquals(Trigger.PULL_REQUEST, event.trigger());
        assertEquals(KASSE, event.repository());
        assertEquals(BranchName.of(branch), event.branch());
        assertEquals(head, event.commit(), "the full id of the source branch's head");
        assertEquals(Author.of("Zoë Ünicode", null), event.author());
        PullRequest request = event.pullRequest();
        assertEquals(17, request.number());
        assertEquals(BranchName.of("main"), request.targetBranch());
        assertFalse(request.fromFork());
        assertNull(request.headRef(), "Bitbucket Cloud keeps no ref of a pull request's head: the source branch is fetched");
        assertEquals(URI.create("https://bitbucket.org/slipway-demo/kasse/pull-requests/17"), request.webUrl());
        assertEquals("Rückgeld in Münzen anzeigen 🪙", request.title());
        assertEquals(1, commits.drain(cloud.value(), QUIET).size(), "the title edit queued nothing");
    }

    @Test
    void aCloudForksPullRequestIsNotBuiltAndTheAnswerSaysWhy() {
        byte[] body = Samples.edited(cloudPullRequest("feature/fremd", Samples.newCommit()), root ->
                Samples.at(root, "/pullrequest/source/repository").put("full_name", "mallory/kasse").put("uuid", "{6f0e9d8c-7b6a-4594-8372-615049382716}"));

        HttpAnswer answer = deliver("pullrequest:created", "X-Request-UUID", body);

        assertEquals(202, answer.status(), answer.body());
        assertEquals("ignored", answer.json().path("status").asText(), answer.body());
        assertTrue(answer.message().contains("comes from fork 'mallory/kasse'"), answer.message());
        assertTrue(answer.message().contains("Bitbucket keeps no ref of its head in the plan's repository"), answer.message());
        assertTrue(commits.drain(cloud.value(), QUIET).isEmpty());
    }

    @Test
    void aRejectedCloudPullRequestEndsItsPreviewAsDeclined() {
        String delivery = Samples.deliveryId();
        byte[] body = Samples.edited(cloudPullRequest("feature/muenzen", Samples.newCommit()),
                root -> Samples.at(root, "/pullrequest").put("state", "DECLINED").put("reason", "Doppelt"));

        HttpAnswer answer = deliver("pullrequest:rejected", "X-Request-UUID", delivery, body);

        assertEquals(202, answer.status(), answer.body());
        PullRequestClosed event = Samples.onlyClosed(closed.await(cloud.value(), 1, WAIT));
        assertEquals(17, event.number());
        assertEquals(PullRequestOutcome.DECLINED, event.outcome());
        assertEquals(KASSE, event.repository());
        assertEquals(delivery, event.deliveryId());
    }

    @Test
    void aDataCenterSourceBranchUpdatePreviewsTheNewHeadFromThePullRequestsRef() {
        CommitSha head = Samples.newCommit();
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pr:from_ref_updated", "X-Request-Id", delivery,
                Samples.withCommit("bitbucket/server-pr-from-ref-updated.json", SERVER_HEAD, head));

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(commits.await(server.value(), 1, WAIT));
        assertEquals(Trigger.PULL_REQUEST, event.trigger());
        assertEquals(KASSE_SERVER, event.repository());
        assertEquals(BranchName.of("feature/mitternacht"), event.branch());
        assertEquals(head, event.commit());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        assertEquals(delivery, event.deliveryId());
        PullRequest request = event.pullRequest();
        assertEquals(311, request.number());
        assertEquals(BranchName.of("develop"), request.targetBranch());
        assertFalse(request.fromFork());
        assertEquals("refs/pull-requests/311/from", request.headRef());
        assertEquals(URI.create("https://git.example.org/projects/SHOP/repos/kasse-server/pull-requests/311"), request.webUrl());
        assertEquals("Kassenschnitt um Mitternacht 🌙", request.title());
    }

    @Test
    void aDataCenterPullRequestFromAForkIsBuiltWhereThePlanAllowsForks() {
        CommitSha head = Samples.newCommit();
        byte[] body = Samples.edited(Samples.withCommit("bitbucket/server-pr-from-ref-updated.json", SERVER_HEAD, head), root -> {
            root.put("eventKey", "pr:opened");
            ObjectNode source = Samples.at(root, "/pullRequest/fromRef/repository");
            source.put("id", 97).put("slug", "kasse-server");
            Samples.at(root, "/pullRequest/fromRef/repository/project").put("key", "~ZOE").put("id", 77);
        });

        HttpAnswer answer = deliver("pr:opened", "X-Request-Id", body);

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(commits.await(server.value(), 1, WAIT));
        assertEquals(head, event.commit());
        assertTrue(event.pullRequest().fromFork());
        assertEquals("refs/pull-requests/311/from", event.pullRequest().headRef(), "Data Center keeps a fork's head in the target repository");
        assertEquals(KASSE_SERVER, event.repository());
    }

    @Test
    void dataCenterMergedDeclinedAndDeletedPullRequestsEndThePreviewAndAMergeAlsoBuildsTheMerge() {
        CommitSha merge = Samples.newCommit();
        byte[] merged = Samples.withCommit("bitbucket/server-pr-merged.json", SERVER_MERGE, merge);
        byte[] declined = Samples.edited(Samples.body("bitbucket/server-pr-merged.json"), root -> root.put("eventKey", "pr:declined"));
        byte[] deleted = Samples.edited(Samples.body("bitbucket/server-pr-merged.json"), root -> root.put("eventKey", "pr:deleted"));

        assertEquals(202, deliver("pr:merged", "X-Request-Id", merged).status());
        assertEquals(202, deliver("pr:declined", "X-Request-Id", declined).status());
        assertEquals(202, deliver("pr:deleted", "X-Request-Id", deleted).status());

        List<PullRequestOutcome> outcomes = closed.await(server.value(), 3, WAIT).stream()
                .map(Samples::pullRequestClosed).map(PullRequestClosed::outcome).toList();
        assertEquals(List.of(PullRequestOutcome.MERGED, PullRequestOutcome.DECLINED, PullRequestOutcome.CLOSED), outcomes);
        CommitReceived build = Samples.only(commits.await(server.value(), 1, WAIT));
        assertEquals(Trigger.MERGE, build.trigger());
        assertEquals(merge, build.commit());
        assertEquals(BranchName.of("develop"), build.branch());
    }

    @Test
    void aPullRequestWithANonNumericIdOrNoHeadIsRefusedWithTheFieldsName() {
        byte[] updated = Samples.withCommit("bitbucket/server-pr-from-ref-updated.json", SERVER_HEAD, Samples.newCommit());

        assertRefused("pr:from_ref_updated", Samples.edited(updated, root -> Samples.at(root, "/pullRequest").put("id", "311x")),
                "field 'pullRequest.id' must be a whole number");
        assertRefused("pr:from_ref_updated", Samples.edited(updated, root -> Samples.at(root, "/pullRequest/fromRef").remove("latestCommit")),
                "field 'pullRequest.fromRef.latestCommit' is missing");
        assertRefused("pullrequest:created", Samples.edited(cloudPullRequest("feature/x", Samples.newCommit()),
                root -> Samples.at(root, "/pullrequest").remove("id")), "field 'pullrequest.id' is missing");

        assertTrue(commits.drain(server.value(), QUIET).isEmpty());
        assertTrue(commits.drain(cloud.value(), Duration.ZERO).isEmpty());
    }

    @Test
    void pullRequestEventsAreNowCountedUnderTheirOwnNames() {
        deliver("pr:from_ref_updated", "X-Request-Id", Samples.withCommit("bitbucket/server-pr-from-ref-updated.json", SERVER_HEAD, Samples.newCommit()));
        deliver("pr:declined", "X-Request-Id", Samples.edited(Samples.body("bitbucket/server-pr-merged.json"), root -> root.put("eventKey", "pr:declined")));

        String metrics = service.get("/prometheus").body();

        assertTrue(metrics.contains("slipway_webhook_deliveries_total{event=\"pr:from_ref_updated\",outcome=\"accepted\",provider=\"bitbucket\"}"), metrics);
        assertTrue(metrics.contains("slipway_webhook_deliveries_total{event=\"pr:declined\",outcome=\"accepted\",provider=\"bitbucket\"}"), metrics);
    }

    /** bitbucket/cloud-pullrequest-created.json from {@code branch}, its head named by 12 hex digits as Bitbucket Cloud names it. */
    private static byte[] cloudPullRequest(String branch, CommitSha head) {
        return Samples.text("bitbucket/cloud-pullrequest-created.json")
                .replace("{{SOURCE_HEAD_12}}", head.value().substring(0, 12))
                .replace("\"feature/muenzen\"", "\"" + branch + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private void assertRefused(String event, byte[] body, String message) {
        HttpAnswer answer = deliver(event, event.startsWith("pr:") ? "X-Request-Id" : "X-Request-UUID", body);
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains(message), "'" + answer.body() + "' should say " + message);
    }

    private HttpAnswer deliver(String event, String deliveryHeader, byte[] body) {
        return deliver(event, deliveryHeader, Samples.deliveryId(), body);
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
