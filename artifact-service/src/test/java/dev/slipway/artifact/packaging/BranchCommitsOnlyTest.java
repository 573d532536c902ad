package dev.slipway.artifact.packaging;

import dev.slipway.artifact.testing.ArtifactServiceFixture;
import dev.slipway.artifact.testing.Archives;
import dev.slipway.artifact.testing.TestRepository;
import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.GitDaemon;
import dev.slipway.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static dev.slipway.artifact.testing.TestRepository.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only commits that the plan's branch leads to are built. A forged or careless {@code CommitReceived}
 * may name any commit the Git host has (on GitHub a fork's pull request head is fetchable by id from
 * the upstream repository), or one the mirror holds for another plan's branch: it is refused with a
 * reason, and no build number is spent on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BranchCommitsOnlyTest {
    private Path data;
    private Path repositories;
    private GitDaemon daemon;
    private RunningService service;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("artifact-branch-");
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

    @Test
    void aPullRequestHeadFromAForkIsNotBuiltForTheBranchAndSpendsNoNumber() {
        try (TestRepository repository = TestRepository.create(repositories, "shop-" + UUID.randomUUID())) {
            CommitSha main = repository.commit("main", "The shop", Map.of("index.html", file("<h1>shop</h1>")));
            CommitSha fork = repository.pullRequest(1, "main", "Steal the secrets", Map.of("index.html", file("<?php system($_GET['c']);")));
            String url = daemon.url(repository.directory());
            PlanName plan = SampleEvents.uniquePlan("fork-head");

            StageFailed refused = assertInstanceOf(StageFailed.class, outcome(commit(plan, url, "main", fork)));

            assertEquals(Stage.ARTIFACT, refused.stage());
            assertFalse(refused.retryable(), "it is refused until the commit is on the branch: " + refused.reason());
            assertTrue(refused.reason().startsWith("commit " + fork.value() + " is not on branch main of " + url), refused.reason());
            assertNull(refused.build(), "no build number is spent on it");

            ArtifactStored head = assertInstanceOf(ArtifactStored.class, outcome(commit(plan, url, "main", main)));
            assertEquals(1, head.build().number().value(), "the refused commit took no number");
        }
    }

    @Test
    void aCommitTheMirrorHoldsForAnotherBranchIsNotBuiltForThisOneUntilItIsMergedThere() {
        try (TestRepository repository = TestRepository.create(repositories, "blog-" + UUID.randomUUID())) {
            repository.commit("main", "The blog", Map.of("index.html", file("<h1>blog</h1>")));
            repository.commit("experiment", "Try something", Map.of("index.html", file("<h1>experiment</h1>")));
            CommitSha experiment = repository.commit("experiment", "Try more", Map.of("index.html", file("<h1>more</h1>")));
            String url = daemon.url(repository.directory());
            PlanName experimentPlan = SampleEvents.uniquePlan("blog-experiment");
            PlanName mainPlan = SampleEvents.uniquePlan("blog-main");
            // The experiment's own plan builds it: from now on the mirror of this repository holds the commit.
            assertInstanceOf(ArtifactStored.class, outcome(commit(experimentPlan, url, "experiment", experiment)));

            StageFailed refused = assertInstanceOf(StageFailed.class, outcome(commit(mainPlan, url, "main", experiment)));
            assertFalse(refused.retryable(), refused.reason());
            assertTrue(refused.reason().startsWith("commit " + experiment.value() + " is not on branch main of " + url), refused.reason());

            repository.moveBranch("main", experiment); // merged (fast-forward): now main leads to it
            ArtifactStored merged = assertInstanceOf(ArtifactStored.class, outcome(commit(mainPlan, url, "main", experiment)));
            assertEquals(1, merged.build().number().value());
            assertEquals(experiment, merged.commit());
        }
    }

    @Test
    void aBranchForcePushedAwayFromTheCommitNoLongerBuildsIt() {
        try (TestRepository repository = TestRepository.create(repositories, "api-" + UUID.randomUUID())) {
            CommitSha first = repository.commit("main", "First", Map.of("a.txt", file("a")));
            CommitSha leaked = repository.commit("main", "Oops, the key", Map.of("a.txt", file("a"), "key.pem", file("secret")));
            repository.moveBranch("main", first); // force-pushed away
            String url = daemon.url(repository.directory());
            PlanName plan = SampleEvents.uniquePlan("force-pushed");

            StageFailed refused = assertInstanceOf(StageFailed.class, outcome(commit(plan, url, "main", leaked)));

            assertFalse(refused.retryable(), refused.reason());
            assertTrue(refused.reason().startsWith("commit " + leaked.value() + " is not on branch main of " + url), refused.reason());
        }
    }

    private PipelineEvent outcome(CommitReceived event) {
        return ArtifactServiceFixture.outcome(service, event);
    }

    private static CommitReceived commit(PlanName plan, String url, String branch, CommitSha sha) {
        return ArtifactServiceFixture.commitReceived(plan, url, branch, sha, Trigger.PUSH, false);
    }
}
