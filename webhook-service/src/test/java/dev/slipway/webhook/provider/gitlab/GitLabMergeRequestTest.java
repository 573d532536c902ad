package dev.slipway.webhook.provider.gitlab;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GitLab's {@code Merge Request Hook}: open, reopen and an update with new commits preview the
 * head; an update without new commits builds nothing; close and merge end the preview.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitLabMergeRequestTest {
    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RepositoryUrl LAGER = RepositoryUrl.of("https://gitlab.com/slipway-demo/lager.git");
    /** The head of merge request !7 in gitlab/merge-request-hook-opened.json. */
    private static final String OPENED_HEAD = "b7312182dde6c38c62b468b524ab5bc952615ee2";
    /** The new head in gitlab/merge-request-hook-updated.json. */
    private static final String UPDATED_HEAD = "c4a91f0e5d3b27a8e6f1d0c9b8a7f6e5d4c3b2a1";
    private static final String MERGE = "90e5b2b0eb8e548453199030c0760a5de198a80a";

    private final String token = Samples.secret();
    private final PlanName main = SampleEvents.uniquePlan("glmr-main");
    private final PlanName releases = SampleEvents.uniquePlan("glmr-release");
    private RunningService service;
    private TopicReader commits;
    private TopicReader closed;

    @BeforeAll
    void start() {
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.providers.gitlab.secret", token,
                "slipway.plans." + main + ".repository", LAGER.value(),
                "slipway.plans." + main + ".branches", List.of("main"),
                "slipway.plans." + releases + ".repository", LAGER.value(),
                "slipway.plans." + releases + ".branches", List.of("release/*"),
                "slipway.plans." + releases + ".build-forks", true)).start();
    }

    @AfterAll
    void stop() {
        service.close();
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
    void anOpenedMergeRequestBecomesAPreviewBuildOfItsLastCommit() {
        CommitSha head = Samples.newCommit();

        HttpAnswer answer = deliver(Samples.withCommit("gitlab/merge-request-hook-opened.json", OPENED_HEAD, head));

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(commits.await(main.value(), 1, WAIT));
        assertEquals(Trigger.PULL_REQUEST, event.trigger());
        assertEquals(LAGER, event.repository());
        assertEquals(BranchName.of("feature/zaehlliste"), event.branch());
        assertEquals(head, event.commit());
        assertEquals(Author.of("Zoë Ünicode", "zoe@example.org"), event.author());
        PullRequest request = event.pullRequest();
        assertEquals(7, request.number(), "GitLab's iid, the number people see");
        assertEquals(BranchName.of("main"), request.targetBranch());
        assertFalse(request.fromFork());
        assertEquals("refs/merge-requests/7/head", request.headRef());
        assertEquals(URI.create("https://gitlab.com/slipway-demo/lager/-/merge_requests/7"), request.webUrl());
        assertEquals("Inventur-Zählliste ✓", request.title());
    }

    @Test
    void anUpdateWithNewCommitsBuildsTheNewHeadAndOneWithoutBuildsNothing() {
        CommitSha head = Samples.newCommit();
        byte[] pushed = Samples.withCommit("gitlab/merge-request-hook-updated.json", UPDATED_HEAD, head);
        byte[] retitled = Samples.edited(Samples.withCommit("gitlab/merge-request-hook-updated.json", UPDATED_HEAD, Samples.newCommit()),
                root -> Samples.at(root, "/object_attributes").put("title", "Inventur-Zählliste (v2)").remove("oldrev"));

        HttpAnswer built = deliver(pushed);
        HttpAnswer ignored = deliver(retitled);

        assertEquals("accepted", built.json().path("status").asText(), built.body());
        assertEquals("ignored", ignored.json().path("status").asText(), ignored.body());
        assertTrue(ignored.message().contains("updated without new commits"), ignored.message());
        CommitReceived event = Samples.only(commits.drain(main.value(), QUIET));
        assertEquals(head, event.commit());
        assertEquals(7, event.pullRequest().number());
    }

    @Test
    void aClosedMergeRequestEndsItsPreview() {
        String delivery = Samples.deliveryId();

        HttpAnswer answer = deliver(delivery, Samples.edited(Samples.body("gitlab/merge-request-hook-opened.json"),
                root -> Samples.at(root, "/object_attributes").put("action", "close").put("state", "closed")));

        assertEquals(202, answer.status(), answer.body());
        PullRequestClosed event = Samples.onlyClosed(closed.await(main.value(), 1, WAIT));
        assertEquals(7, event.number());
        assertEquals(PullRequestOutcome.CLOSED, event.outcome());
        assertEquals(LAGER, event.repository());
        assertEquals(delivery, event.deliveryId());
        assertTrue(commits.drain(main.value(), QUIET).isEmpty());
    }

    @Test
    void aMergeEndsThePreviewAndBuildsTheMergeCommit() {
        CommitSha merge = Samples.newCommit();

        HttpAnswer answer = deliver(Samples.withCommit("gitlab/merge-request-hook-merged.json", MERGE, merge));

        assertEquals(202, answer.status(), answer.body());
        assertEquals(PullRequestOutcome.MERGED, Samples.onlyClosed(closed.await(main.value(), 1, WAIT)).outcome());
        CommitReceived build = Samples.only(commits.await(main.value(), 1, WAIT));
        assertEquals(Trigger.MERGE, build.trigger());
        assertEquals(merge, build.commit());
        assertNull(build.pullRequest());
    }

    @Test
    void aMergeRequestFromAForkIsBuiltOnlyWhereThePlanAllowsForks() {
        HttpAnswer intoMain = deliver(Samples.edited(Samples.withCommit("gitlab/merge-request-hook-opened.json", OPENED_HEAD,
                Samples.newCommit()), fork()));
        CommitSha head = Samples.newCommit();
        HttpAnswer intoRelease = deliver(Samples.edited(Samples.withCommit("gitlab/merge-request-hook-opened.json", OPENED_HEAD, head),
                fork().andThen(root -> Samples.at(root, "/object_attributes").put("target_branch", "release/3"))));

        assertEquals(202, intoMain.status(), intoMain.body());
        assertEquals("ignored", intoMain.json().path("status").asText(), intoMain.body());
        assertTrue(intoMain.message().contains("comes from fork 'mallory/lager'"), intoMain.message());
        assertTrue(intoMain.message().contains("build-forks"), intoMain.message());
        assertTrue(commits.drain(main.value(), QUIET).isEmpty());
        CommitReceived event = Samples.only(commits.await(releases.value(), 1, WAIT));
        assertEquals(head, event.commit());
        assertTrue(event.pullRequest().fromFork());
        assertEquals("refs/merge-requests/7/head", event.pullRequest().headRef());
        assertEquals(LAGER, event.repository());
    }

    @Test
    void aMergeRequestMissingItsNumberOrHeadIsRefusedWithTheFieldsName() {
        byte[] opened = Samples.withCommit("gitlab/merge-request-hook-opened.json", OPENED_HEAD, Samples.newCommit());

        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/object_attributes").remove("iid")), "field 'object_attributes.iid' is missing");
        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/object_attributes").put("iid", "7; drop")),
                "field 'object_attributes.iid' must be a whole number");
        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/object_attributes/last_commit").remove("id")),
                "field 'object_attributes.last_commit.id' is missing");
        assertRefused(Samples.edited(opened, root -> Samples.at(root, "/object_attributes").put("source_branch", "-rf")),
                "field 'object_attributes.source_branch'");

        assertTrue(commits.drain(main.value(), QUIET).isEmpty());
    }

    private static Consumer<ObjectNode> fork() {
        return root -> {
            ObjectNode request = Samples.at(root, "/object_attributes");
            request.put("source_project_id", 66120987);
            Samples.at(root, "/object_attributes/source").put("id", 66120987).put("path_with_namespace", "mallory/lager")
                    .put("git_http_url", "https://gitlab.com/mallory/lager.git");
        };
    }

    private void assertRefused(byte[] body, String message) {
        HttpAnswer answer = deliver(body);
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.body().contains(message), "'" + answer.body() + "' should say " + message);
    }

    private HttpAnswer deliver(byte[] body) {
        return deliver(Samples.deliveryId(), body);
    }

    private HttpAnswer deliver(String delivery, byte[] body) {
        return service.post("/webhooks/gitlab", body,
                "Content-Type", "application/json",
                "User-Agent", "GitLab/18.6.0-ee",
                "X-Gitlab-Event", "Merge Request Hook",
                "X-Gitlab-Instance", "https://gitlab.com",
                "X-Gitlab-Webhook-UUID", Samples.deliveryId(),
                "Idempotency-Key", delivery,
                "X-Gitlab-Token", token);
    }
}
