package dev.slipway.artifact.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static dev.slipway.artifact.testing.Archives.contents;
import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pull request's head is built like any commit of its plan (numbered among its builds, stored,
 * served), and its {@code ArtifactStored} and build record name the pull request. Its code comes
 * from the plan's repository only: a same-repository request's source branch, or for a fork the
 * ref where the host keeps the head ({@code refs/pull/N/head}), and the commit must be on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullRequestPreviewTest {
    private Path data;
    private Path repositories;
    private GitDaemon daemon;
    private RunningService service;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("artifact-preview-");
        repositories = Files.createDirectories(data.resolve("repositories"));
        daemon = GitDaemon.serve(repositories);
        service = ArtifactServiceFixture.on(data)
                .property("slipway.artifact.git.allowed", "127.0.0.1:" + daemon.port())
                .start();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        Archives.deleteRecursively(data);
    }

    /**
     * Bitbucket Cloud keeps no head ref: a same-repository request is fetched by its source branch. The same
     * commit, once merged into main, gets a build of its own that names no pull request (so it deploys to the
     * plan's environments). A later event of the request for the same head (it was reopened) is a build of its
     * own too, carrying when Slipway was told of it; only a redelivery of the same event is answered again.
     */
    @Test
    void aSameRepositoryPullRequestIsBuiltFromItsBranchAndItsCommitMergedLaterIsABuildOfTheBranch() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "shop-" + UUID.randomUUID())) {
            repository.commit("main", "The shop", Map.of("index.html", file("<h1>shop</h1>")));
            CommitSha head = repository.commit("feature/checkout", "New checkout", Map.of("index.html", file("<h1>checkout</h1>")));
            String url = daemon.url(repository.directory());
            PlanName plan = SampleEvents.uniquePlan("preview-branch");
            PullRequest request = new PullRequest(12, BranchName.of("feature/checkout"), BranchName.of("main"), false, null,
                    URI.create("https://bitbucket.org/slipway/shop/pull-requests/12"), "New checkout <script>alert(1)</script>");

            CommitReceived opened = ArtifactServiceFixture.pullRequestReceived(plan, url, head, request);
            ArtifactStored preview = assertInstanceOf(ArtifactStored.class, outcome(opened));

            assertEquals(fields(opened.pullRequest()), fields(preview.pullRequest()));
            assertEquals(opened.time(), preview.pullRequest().requestedAt());
            assertEquals(1, preview.build().number().value());
            assertEquals(BranchName.of("feature/checkout"), preview.branch());
            assertEquals(Map.of("index.html", "file 644 <h1>checkout</h1>"),
                    contents(ArtifactServiceFixture.download(preview.artifactUrl()).bytes()));
            JsonNode record = service.get("/artifacts/" + plan + "/1").expect(200).json();
            assertEquals("pull-request", record.get("trigger").asText());
            JsonNode shown = record.get("pullRequest");
            assertEquals(12, shown.get("number").asInt(), record.toString());
            assertEquals("feature/checkout", shown.get("sourceBranch").asText(), record.toString());
            assertEquals("main", shown.get("targetBranch").asText(), record.toString());
            assertFalse(shown.get("fromFork").asBoolean(), record.toString());
            assertEquals("https://bitbucket.org/slipway/shop/pull-requests/12", shown.get("webUrl").asText(), record.toString());

            repository.moveBranch("main", head); // merged (fast-forward)
            ArtifactStored merged = assertInstanceOf(ArtifactStored.class,
                    outcome(ArtifactServiceFixture.commitReceived(plan, url, head)));
            assertEquals(2, merged.build().number().value(), "the preview's build is not handed to the branch");
            assertNull(merged.pullRequest());
            assertEquals(preview.sha256(), merged.sha256(), "the same commit, the same archive");
            JsonNode branchRecord = service.get("/artifacts/" + plan + "/2").expect(200).json();
            assertTrue(branchRecord.path("pullRequest").isMissingNode() || branchRecord.path("pullRequest").isNull(),
                    "a branch build shows no pull request: " + branchRecord);

            assertEquals(preview, assertInstanceOf(ArtifactStored.class, outcome(opened)), "a redelivery is announced again");
            CommitReceived reopened = ArtifactServiceFixture.pullRequestReceived(plan, url, head, request);
            ArtifactStored again = assertInstanceOf(ArtifactStored.class, outcome(reopened));
            assertEquals(3, again.build().number().value(), "the reopened request's head is a build of its own");
            assertEquals(fields(reopened.pullRequest()), fields(again.pullRequest()));
            assertEquals(preview.sha256(), again.sha256());
        }
    }

    /**
     * A fork's head is fetched from the plan's repository under the host's ref for it; having fetched it, the
     * mirror still does not count the fork's commit as on any branch.
     */
    @Test
    void aForkPullRequestIsBuiltFromItsHeadRefInThePlansRepositoryAndNeverCountsAsOnTheBranch() throws Exception {
        try (TestRepository repository = TestRepository.create(repositories, "blog-" + UUID.randomUUID())) {
            repository.commit("main", "The blog", Map.of("index.html", file("<h1>blog</h1>")));
            CommitSha fork = repository.pullRequest(7, "main", "A fork's post", Map.of("index.html", file("<h1>from a fork</h1>")));
            CommitSha elsewhere = repository.commit("experiment", "Not the request's", Map.of("index.html", file("<h1>other</h1>")));
            String url = daemon.url(repository.directory());
            PlanName plan = SampleEvents.uniquePlan("preview-fork");
            // The fork's branch name is the fork's own: the plan's repository has no such branch.
            PullRequest request = new PullRequest(7, BranchName.of("patch-1"), BranchName.of("main"), true, "refs/pull/7/head",
                    URI.create("https://github.com/slipway/blog/pull/7"), "A fork's post");

            CommitReceived opened = ArtifactServiceFixture.pullRequestReceived(plan, url, fork, request);
            ArtifactStored preview = assertInstanceOf(ArtifactStored.class, outcome(opened));
            assertEquals(fields(opened.pullRequest()), fields(preview.pullRequest()));
            assertEquals(1, preview.build().number().value());
            assertEquals(Map.of("index.html", "file 644 <h1>from a fork</h1>"),
                    contents(ArtifactServiceFixture.download(preview.artifactUrl()).bytes()));
            assertTrue(service.get("/artifacts/" + plan + "/1").expect(200).json().get("pullRequest").get("fromFork").asBoolean());

            StageFailed asBranch = assertInstanceOf(StageFailed.class, outcome(ArtifactServiceFixture.commitReceived(plan, url, fork)));
            assertTrue(asBranch.reason().startsWith("commit " + fork.value() + " is not on branch main of " + url), asBranch.reason());

            StageFailed notTheHead = assertInstanceOf(StageFailed.class,
                    outcome(ArtifactServiceFixture.pullRequestReceived(plan, url, elsewhere, request)));
            assertFalse(notTheHead.retryable(), notTheHead.reason());
            assertTrue(notTheHead.reason().startsWith("commit " + elsewhere.value() + " is not on ref refs/pull/7/head of " + url),
                    notTheHead.reason());
            assertNull(notTheHead.build(), "no number is spent on it");
        }
    }

    @Test
    void aForkPullRequestWithoutAHeadRefFailsWithTheReasonAndSpendsNoNumber() {
        try (TestRepository repository = TestRepository.create(repositories, "docs-" + UUID.randomUUID())) {
            CommitSha main = repository.commit("main", "Docs", Map.of("index.html", file("<h1>docs</h1>")));
            String url = daemon.url(repository.directory());
            PlanName plan = SampleEvents.uniquePlan("preview-cloud-fork");
            PullRequest request = new PullRequest(3, BranchName.of("main"), BranchName.of("main"), true, null,
                    URI.create("https://bitbucket.org/someone/docs/pull-requests/3"), "Fix typo");

            StageFailed refused = assertInstanceOf(StageFailed.class,
                    outcome(ArtifactServiceFixture.pullRequestReceived(plan, url, main, request)));

            assertEquals(Stage.ARTIFACT, refused.stage());
            assertFalse(refused.retryable(), refused.reason());
            assertTrue(refused.reason().startsWith("pull request #3 comes from a fork"), refused.reason());
            assertTrue(refused.reason().contains("pull requests from forks cannot be previewed from this provider"), refused.reason());
            assertNull(refused.build());
            ArtifactStored branch = assertInstanceOf(ArtifactStored.class, outcome(ArtifactServiceFixture.commitReceived(plan, url, main)));
            assertEquals(1, branch.build().number().value(), "the refused preview took no number");
        }
    }

    /** PullRequest's toString is its number only: assertions compare every field. */
    private static String fields(PullRequest request) {
        return request == null ? "none" : String.join(" | ", String.valueOf(request.number()), request.sourceBranch().value(),
                request.targetBranch().value(), String.valueOf(request.fromFork()), String.valueOf(request.headRef()),
                String.valueOf(request.webUrl()), request.title(), String.valueOf(request.requestedAt()));
    }

    private PipelineEvent outcome(CommitReceived event) {
        return ArtifactServiceFixture.outcome(service, event);
    }
}
