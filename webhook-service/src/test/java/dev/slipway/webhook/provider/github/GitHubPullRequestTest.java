package dev.slipway.webhook.provider.github;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
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

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GitHub's {@code pull_request} deliveries: a new head becomes a preview build of the request, a
 * closed request ends its preview, and a fork's code is built only where a plan allows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHubPullRequestTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RepositoryUrl SHOP = RepositoryUrl.of("https://github.com/slipway-demo/shop.git");
    /** The head of pull request #42 in the samples; each test that builds sends a head of its own. */
    private static final String HEAD = "e84cc64499f50d72071c1a2ce65752ff3838f03f";
    private static final String MERGE = "3adaf3b3f2e87a194b9d3a720d24c7928c570c3b";

    private final String secret = Samples.secret();
    private final PlanName main = SampleEvents.uniquePlan("ghpr-main");
    private final PlanName releases = SampleEvents.uniquePlan("ghpr-release");
    private RunningService server;
    private TopicReader commits;
    private TopicReader closed;

    @BeforeAll
    void start() {
        server = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.github.secret", secret,
                "slipway.plans." + main + ".repository", SHOP.value(),
                "slipway.plans." + main + ".branches", List.of("main"),
                // Release branches take pull requests from forks too (say, a community's backports).
                "slipway.plans." + releases + ".repository", SHOP.value(),
                "slipway.plans." + releases + ".branches", List.of("release/*"),
                "slipway.plans." + releases + ".build-forks", true)).start();
    }

    @AfterAll
    void stop() {
        server.close();
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
    void anOpenedPullRequestBecomesAPreviewBuildOfItsHeadThatNamesThePullRequest() {
        CommitSha head = Samples.newCommit();
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pull_request", delivery, Samples.withCommit("github/pull_request-opened.json", HEAD, head));

        assertEquals(202, answer.status(), answer.body());
        assertEquals("accepted", answer.json().path("status").asText(), answer.body());
        assertEquals(42, answer.json().at("/builds/0/pullRequest").asInt(), answer.body());
        CommitReceived event = Samples.only(commits.await(main.value(), 1, WAIT));
        assertEquals(Trigger.PULL_REQUEST, event.trigger());
        assertEquals(main, event.plan());
        assertEquals(SHOP, event.repository(), "the plan's repository: the pull request's target");
        assertEquals(BranchName.of("feature/waehrung"), event.branch(), "the source branch");
        assertEquals(head, event.commit(), "the pull request's head");
        assertEquals(delivery, event.deliveryId());
        assertEquals(EventId.derived("webhook/github/" + delivery + "/" + main + "/pr-42"), event.eventId());
        PullRequest pullRequest = event.pullRequest();
        assertEquals(42, pullRequest.number());
        assertEquals(BranchName.of("feature/waehrung"), pullRequest.sourceBranch());
        assertEquals(BranchName.of("main"), pullRequest.targetBranch());
        assertFalse(pullRequest.fromFork());
        assertEquals("refs/pull/42/head", pullRequest.headRef());
        assertEquals(URI.create("https://github.com/slipway-demo/Shop/pull/42"), pullRequest.webUrl());
        assertEquals("Währungsumrechnung: show € and CHF side by side ✓", pullRequest.title());
        assertTrue(commits.drain(releases.value(), QUIET).isEmpty(), "the release plan does not build pull requests into main");
    }

    @Test
    void aSynchronizeBuildsTheNewHeadOnceAndOtherActionsBuildNothing() {
        CommitSha head = Samples.newCommit();
        byte[] body = Samples.withCommit("github/pull_request-synchronize.json", HEAD, head);
        String delivery = Samples.deliveryId();

        HttpAnswer first = deliver("pull_request", delivery, body);
        HttpAnswer redelivered = deliver("pull_request", delivery, body);
        HttpAnswer replayed = deliver("pull_request", Samples.deliveryId(), body);
        HttpAnswer edited = deliver("pull_request", Samples.deliveryId(), Samples.edited(body, root -> root.put("action", "edited")));

        assertEquals("accepted", first.json().path("status").asText(), first.body());
        assertEquals("duplicate", redelivered.json().path("status").asText(), redelivered.body());
        assertEquals("duplicate", replayed.json().path("status").asText(), replayed.body());
        assertTrue(replayed.message().contains("a head is previewed once"), replayed.message());
        assertEquals("ignored", edited.json().path("status").asText(), edited.body());
        assertTrue(edited.message().contains("'edited'"), edited.message());
        CommitReceived event = Samples.only(commits.drain(main.value(), QUIET));
        assertEquals(head, event.commit());
        assertEquals(Trigger.PULL_REQUEST, event.trigger());
    }

    @Test
    void aPullRequestClosedWithoutMergingEndsItsPreviewAndBuildsNothing() {
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pull_request", delivery, Samples.body("github/pull_request-closed-unmerged.json"));

        assertEquals(202, answer.status(), answer.body());
        assertEquals("accepted", answer.json().path("status").asText(), answer.body());
        PullRequestClosed event = Samples.onlyClosed(closed.await(main.value(), 1, WAIT));
        assertEquals(main, event.plan());
        assertEquals(SHOP, event.repository());
        assertEquals(42, event.number());
        assertEquals(PullRequestOutcome.CLOSED, event.outcome());
        assertEquals(delivery, event.deliveryId());
        assertEquals(event.eventId().toString(), answer.json().at("/closed/0/eventId").asText());
        assertTrue(commits.drain(main.value(), QUIET).isEmpty());
    }

    @Test
    void aMergeEndsThePreviewAndBuildsTheMergeCommitOnTheBaseBranchAndARedeliveryWritesNeitherAgain() {
        CommitSha merge = Samples.newCommit();
        byte[] body = Samples.withCommit("github/pull_request-merged.json", MERGE, merge);
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver("pull_request", delivery, body);
        HttpAnswer redelivered = deliver("pull_request", delivery, body);

        assertEquals(202, answer.status(), answer.body());
        assertEquals("accepted", answer.json().path("status").asText(), answer.body());
        assertEquals("duplicate", redelivered.json().path("status").asText(), redelivered.body());
        PullRequestClosed ended = Samples.onlyClosed(closed.await(main.value(), 1, WAIT));
        assertEquals(PullRequestOutcome.MERGED, ended.outcome());
        assertEquals(42, ended.number());
        CommitReceived build = Samples.only(commits.await(main.value(), 1, WAIT));
        assertEquals(Trigger.MERGE, build.trigger());
        assertEquals(merge, build.commit());
        assertEquals(BranchName.of("main"), build.branch());
        assertNull(build.pullRequest(), "the merge builds the plan's branch, not a preview");
        assertEquals(1, closed.drain(main.value(), QUIET).size(), "the redelivery wrote no second PullRequestClosed");
        assertEquals(1, commits.drain(main.value(), Duration.ZERO).size(), "the redelivery queued no second build");
    }

    @Test
    void aPullRequestReopenedAfterItWasClosedIsPreviewedAgainEvenWithTheSameHead() {
        CommitSha head = Samples.newCommit();
        byte[] opened = Samples.edited(Samples.withCommit("github/pull_request-opened.json", HEAD, head), root -> root.put("number", 43));
        byte[] closing = Samples.edited(Samples.body("github/pull_request-closed-unmerged.json"), root -> root.put("number", 43));

        assertEquals("accepted", deliver("pull_request", Samples.deliveryId(), opened).json().path("status").asText());
        assertEquals("accepted", deliver("pull_request", Samples.deliveryId(), closing).json().path("status").asText());
        HttpAnswer reopened = deliver("pull_request", Samples.deliveryId(), Samples.edited(opened, root -> root.put("action", "reopened")));

        assertEquals("accepted", reopened.json().path("status").asText(), "its preview was taken down, so it is built again: " + reopened.body());
        assertEquals(List.of(head, head), commits.await(main.value(), 2, WAIT).stream().map(Samples::commitReceived).map(CommitReceived::commit).toList());
    }

    @Test
    void aForksPullRequestIsNotBuiltByDefaultAndTheAnswerSaysHowToAllowIt() {
        byte[] body = Samples.edited(Samples.withCommit("github/pull_request-opened.json", HEAD, Samples.newCommit()), fork("mallory/Shop"));

        HttpAnswer answer = deliver("pull_request", Samples.deliveryId(), body);

        assertEquals(202, answer.status(), answer.body());
        assertEquals("ignored", answer.json().path("status").asText(), answer.body());
        assertTrue(answer.message().contains("comes from fork 'mallory/Shop'"), answer.message());
        assertTrue(answer.message().contains("slipway.plans." + main + ".build-forks to true"), answer.message());
        assertTrue(commits.drain(main.value(), QUIET).isEmpty());
    }

    @Test
    void aForksPullRequestIsBuiltWhereThePlanAllowsForksFromTheRefGitHubKeepsOfItsHead() {
        CommitSha head = Samples.newCommit();
        byte[] body = Samples.edited(Samples.withCommit("github/pull_request-opened.json", HEAD, head), fork("community/Shop").andThen(root -> {
            Samples.at(root, "/pull_request/base").put("ref", "release/2026.12");
            root.put("number", 57);
        }));

        HttpAnswer answer = deliver("pull_request", Samples.deliveryId(), body);

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(commits.await(releases.value(), 1, WAIT));
        assertEquals(head, event.commit());
        assertEquals(SHOP, event.repository(), "the base repository, never the fork's");
        assertTrue(event.pullRequest().fromFork());
        assertEquals("refs/pull/57/head", event.pullRequest().headRef(), "what the artifact service fetches from the plan's repository");
        assertEquals(BranchName.of("release/2026.12"), event.pullRequest().targetBranch());
    }

    @Test
    void closingAForksPullRequestStillEndsItsPreview() {
        byte[] body = Samples.edited(Samples.body("github/pull_request-closed-unmerged.json"), fork("mallory/Shop"));

        HttpAnswer answer = deliver("pull_request", Samples.deliveryId(), body);

        assertEquals(202, answer.status(), answer.body());
        assertEquals(PullRequestOutcome.CLOSED, Samples.onlyClosed(closed.await(main.value(), 1, WAIT)).outcome());
    }

    @Test
    void aHostileTitleIsTamedAndCutInTheEvent() {
        String title = "Fix\r\nX-Injected: yes\u0007 " + "✓".repeat(5000);
        byte[] body = Samples.edited(Samples.withCommit("github/pull_request-opened.json", HEAD, Samples.newCommit()),
                root -> Samples.at(root, "/pull_request").put("title", title).put("html_url", "javascript:alert(1)"));

        HttpAnswer answer = deliver("pull_request", Samples.deliveryId(), body);

        assertEquals(202, answer.status(), answer.body());
        PullRequest pullRequest = Samples.only(commits.await(main.value(), 1, WAIT)).pullRequest();
        assertTrue(pullRequest.title().startsWith("Fix  X-Injected: yes  ✓"), pullRequest.title());
        assertTrue(pullRequest.title().chars().noneMatch(Character::isISOControl), pullRequest.title());
        assertTrue(pullRequest.title().length() <= PullRequest.MAX_TITLE_LENGTH, "length " + pullRequest.title().length());
        assertNull(pullRequest.webUrl(), "only an http(s) page is a link for people");
    }

    @Test
    void aPullRequestMissingWhatItsPreviewNeedsIsRefusedWithTheFieldsNameAndWritesNothing() {
        byte[] opened = Samples.withCommit("github/pull_request-opened.json", HEAD, Samples.newCommit());

        assertRefused(Samples.edited(opened, root -> root.remove("number")), "field 'number' is missing");
        assertRefused(Samples.edited(opened, root -> root.put("number", "forty-two")), "field 'number' must be a whole number");
        assertRefused(Samples.edited(opened, root -> root.put("number", 0)), "field 'number' must be a whole number");
        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/pull_request/head").remove("sha")), "field 'pull_request.head.sha' is missing");
        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/pull_request/head").put("sha", "not-a-commit")),
                "field 'pull_request.head.sha' is 'not-a-commit', not a Git commit id");
        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/pull_request/head").put("ref", "feature/../../etc")),
                "field 'pull_request.head.ref'");
        assertRefused(Samples.edited(Samples.body("github/pull_request-closed-unmerged.json"), root -> root.put("number", "12a")),
                "field 'number' must be a whole number");

        assertTrue(commits.drain(main.value(), QUIET).isEmpty());
        assertTrue(closed.drain(main.value(), Duration.ZERO).isEmpty());
    }

    @Test
    void pullRequestDeliveriesAreCountedUnderTheirEventName() {
        deliver("pull_request", Samples.deliveryId(), Samples.withCommit("github/pull_request-synchronize.json", HEAD, Samples.newCommit()));

        String metrics = server.get("/prometheus").body();

        assertTrue(metrics.contains("slipway_webhook_deliveries_total{event=\"pull_request\",outcome=\"accepted\",provider=\"github\"}"), metrics);
    }

    /** The head is in another repository than the base: a fork, as GitHub reports one. */
    private static Consumer<ObjectNode> fork(String fullName) {
        return root -> {
            ObjectNode repo = Samples.at(root, "/pull_request/head/repo");
            repo.put("id", 99887766).put("full_name", fullName).put("fork", true)
                    .put("clone_url", "https://github.com/" + fullName + ".git");
            Samples.at(root, "/pull_request/head").put("label", fullName.split("/")[0] + ":feature/waehrung");
        };
    }

    private void assertRefused(byte[] body, String message) {
        HttpAnswer answer = deliver("pull_request", Samples.deliveryId(), body);
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains(message), "'" + answer.body() + "' should say " + message);
    }

    private HttpAnswer deliver(String event, String delivery, byte[] body) {
        return server.post("/webhooks/github", body,
                "Content-Type", "application/json",
                "User-Agent", "GitHub-Hookshot/8f1c2d3",
                "X-GitHub-Event", event,
                "X-GitHub-Delivery", delivery,
                "X-GitHub-Hook-ID", "487220311",
                "X-Hub-Signature-256", Samples.signature(secret, body));
    }
}
