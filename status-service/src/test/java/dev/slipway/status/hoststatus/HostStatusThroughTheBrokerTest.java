package dev.slipway.status.hoststatus;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.domain.Trigger;
import dev.slipway.status.testing.RunningStatusService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.slipway.events.testing.SampleEvents.artifactStored;
import static dev.slipway.events.testing.SampleEvents.deployRequested;
import static dev.slipway.events.testing.SampleEvents.deploymentFinished;
import static dev.slipway.events.testing.SampleEvents.imageBuilt;
import static dev.slipway.events.testing.SampleEvents.stageStarted;
import static dev.slipway.events.testing.SampleEvents.uniquePlan;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commit statuses: a build's events fed through the broker to status-service, whose statuses go to
 * stand-ins of the four Git hosts' APIs ({@link GitHostStandIn}, which check each request against the
 * provider's documented shape).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostStatusThroughTheBrokerTest {
    private static final String DASHBOARD = "https://slipway.example.test";
    private static final Map<String, String> TOKENS = Map.of(
            GitHostStandIn.GITHUB, "ghp_standin-secret-1", GitHostStandIn.GITLAB, "glpat-standin-secret-2",
            GitHostStandIn.BITBUCKET_CLOUD, "bbc-standin-secret-3", GitHostStandIn.BITBUCKET_SERVER, "bbdc-standin-secret-4");

    private GitHostStandIn hosts;
    private RunningStatusService status;

    @BeforeAll
    void start() {
        hosts = GitHostStandIn.start(TOKENS);
        Map<String, Object> properties = new HashMap<>();
        host(properties, "hub", GitHostStandIn.GITHUB, "github.test");
        host(properties, "lab", GitHostStandIn.GITLAB, "gitlab.test");
        host(properties, "cloud", GitHostStandIn.BITBUCKET_CLOUD, "bitbucket.test");
        host(properties, "dc", GitHostStandIn.BITBUCKET_SERVER, "bitbucket-dc.test");
        properties.put("slipway.status.host-status.dashboard-url", DASHBOARD + "/");
        properties.put("slipway.status.host-status.poll-interval", "100ms");
        properties.put("slipway.status.host-status.first-retry", "300ms");
        properties.put("slipway.status.host-status.max-retry", "1s");
        status = RunningStatusService.start(properties);
    }

    private void host(Map<String, Object> properties, String name, String provider, String host) {
        String prefix = "slipway.status.git-hosts." + name + ".";
        properties.put(prefix + "provider", provider);
        properties.put(prefix + "host", host);
        properties.put(prefix + "api-url", hosts.api(provider).toString());
        properties.put(prefix + "token", TOKENS.get(provider));
    }

    @AfterAll
    void stop() {
        if (status != null) {
            status.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void aDeployedBuildIsPendingThenSuccessWithItsUrlAndItsDashboardPageOnGitHub() {
        PlanName plan = uniquePlan("gh");
        CommitReceived commit = status.publish(commit(plan, "https://github.test/acme/shop.git"));
        ArtifactStored artifact = status.publish(artifactStored(commit, 1));
        status.publish(stageStarted(artifact));
        // Each step waits for the host to have the pending: statuses queued together are sent newest only.
        awaitTaken("slipway/" + plan, "pending");
        ImageBuilt image = status.publish(imageBuilt(artifact));
        DeployRequested deploy = deployStarted(deployRequested(image));
        String review = "slipway/" + plan + "/review";
        awaitTaken(review, "pending");
        status.publish(deploymentFinished(deploy));

        List<GitHostStandIn.Received> reviewStatuses = awaitTaken(review, "success");
        assertEquals("pending", reviewStatuses.get(0).state(), reviewStatuses::toString);
        GitHostStandIn.Received success = reviewStatuses.get(reviewStatuses.size() - 1);
        assertEquals("build 1 runs in review at http://127.0.0.1:31001/", success.description());
        assertEquals(DASHBOARD + "/ui/plans/" + plan + "/builds/1", success.targetUrl());
        assertEquals("acme/shop", success.repository());
        assertEquals(commit.commit().value(), success.commit());

        List<GitHostStandIn.Received> build = awaitTaken("slipway/" + plan, "success");
        assertEquals("pending", build.get(0).state(), build::toString);
        assertEquals("build 1 built; image pushed", build.get(build.size() - 1).description());
        assertNoViolations();

        String answer = status.get("/plans/" + plan + "/builds/1").expect(200).body();
        for (String token : TOKENS.values()) {
            assertFalse(answer.contains(token), "no token in the API's answers");
        }
    }

    @Test
    @Order(2)
    void aFailedBuildIsAFailureWithItsReasonOnGitLab() {
        PlanName plan = uniquePlan("gl");
        CommitReceived commit = status.publish(commit(plan, "https://gitlab.test/group/sub/shop.git"));
        ArtifactStored artifact = status.publish(artifactStored(commit, 1));
        status.publish(stageStarted(artifact));
        awaitTaken("slipway/" + plan, "running");
        status.publish(new StageFailed(EventId.random(), artifact.eventId(), now(), plan, artifact.build(), artifact.commit(), Stage.IMAGE,
                "Dockerfile line 3: unknown instruction: RUNN\n(did you mean RUN?)", false));

        List<GitHostStandIn.Received> build = awaitTaken("slipway/" + plan, "failed");
        assertEquals("running", build.get(0).state(), "GitLab's word for a build under way: " + build);
        GitHostStandIn.Received failure = build.get(build.size() - 1);
        assertEquals("build 1 failed in the image stage: Dockerfile line 3: unknown instruction: RUNN (did you mean RUN?)", failure.description());
        assertEquals("group/sub/shop", failure.repository(), "the project's path, URL-encoded as its id");
        assertEquals(DASHBOARD + "/ui/plans/" + plan + "/builds/1", failure.targetUrl());
        assertNoViolations();
    }

    @Test
    @Order(3)
    void aRolledBackDeploymentIsAFailureOnBitbucketCloudWhileTheBuildItselfSucceeded() {
        PlanName plan = uniquePlan("bitbucket-cloud-plan"); // its contexts are longer than Bitbucket Cloud's 40-character keys
        CommitReceived commit = status.publish(commit(plan, "https://bitbucket.test/workspace/shop.git"));
        ImageBuilt image = status.publish(imageBuilt(status.publish(artifactStored(commit, 1))));
        DeployRequested deploy = deployStarted(deployRequested(image));
        awaitTaken("slipway/" + plan + "/review", "INPROGRESS");
        String reason = "health check /health answered 503 three times; " + "the new build printed a very long stack trace ".repeat(8);
        status.publish(new DeploymentFinished(EventId.random(), deploy.eventId(), now(), deploy.build(), deploy.commit(), deploy.environment(),
                "docker", "slipway-" + plan + "-review-green", DeploymentState.ROLLED_BACK, URI.create("http://127.0.0.1:31001/"), reason));

        List<GitHostStandIn.Received> review = awaitTaken("slipway/" + plan + "/review", "FAILED");
        assertEquals("INPROGRESS", review.get(0).state(), review::toString);
        GitHostStandIn.Received failure = review.get(review.size() - 1);
        assertTrue(failure.description().startsWith("build 1 was rolled back in review: health check /health answered 503 three times"),
                failure.description());
        assertTrue(failure.description().length() <= 255 && failure.description().endsWith("…"), "cut to the limit: " + failure.description());
        assertEquals("workspace/shop", failure.repository());
        // The build's own context ends successful (its pending may or may not have been sent before: only the newest is).
        List<GitHostStandIn.Received> buildStatuses = awaitTaken("slipway/" + plan, "SUCCESSFUL");
        assertEquals("SUCCESSFUL", buildStatuses.get(buildStatuses.size() - 1).state());
        assertNoViolations();
    }

    @Test
    @Order(4)
    void aHostThatAnswers500IsTriedAgainAndTakesTheStatusOnBitbucketDataCenter() {
        hosts.failNext(GitHostStandIn.BITBUCKET_SERVER, 2);
        PlanName plan = uniquePlan("bbdc");
        CommitReceived commit = status.publish(commit(plan, "https://bitbucket-dc.test/scm/proj/shop.git"));
        ImageBuilt image = status.publish(imageBuilt(status.publish(artifactStored(commit, 1))));
        status.publish(deploymentFinished(deployStarted(deployRequested(image))));

        List<GitHostStandIn.Received> review = awaitTaken("slipway/" + plan + "/review", "SUCCESSFUL");
        assertEquals("SUCCESSFUL", review.get(review.size() - 1).state());
        long refused = hosts.received().stream().filter(r -> r.commit().equals(commit.commit().value()) && r.answered() == 500).count();
        assertEquals(2, refused, "the two 500s were answered, and the statuses tried again: " + hosts.received());
        assertNoViolations();
    }

    @Test
    @Order(5)
    void aRepositoryOnNoConfiguredHostGetsNoStatus() {
        PlanName elsewhere = uniquePlan("elsewhere");
        CommitReceived other = status.publish(commit(elsewhere, "https://git.elsewhere.test/acme/shop.git"));
        status.publish(deploymentFinished(deployStarted(deployRequested(status.publish(imageBuilt(status.publish(artifactStored(other, 1))))))));
        PlanName plan = uniquePlan("gh-after");
        CommitReceived commit = status.publish(commit(plan, "https://github.test/acme/shop.git"));
        status.publish(deploymentFinished(deployStarted(deployRequested(status.publish(imageBuilt(status.publish(artifactStored(commit, 1))))))));
        awaitTaken("slipway/" + plan + "/review", "success");
        status.awaitBuild(elsewhere, "1", build -> build.path("state").asText().equals("served"));

        assertTrue(hosts.received().stream().noneMatch(r -> r.commit().equals(other.commit().value())), hosts.received()::toString);
    }

    @Test
    @Order(6)
    void statusesNotSentBeforeARestartAreSentAfterIt() {
        hosts.failNext(GitHostStandIn.GITHUB, 1_000);
        PlanName plan = uniquePlan("restart");
        CommitReceived commit = status.publish(commit(plan, "https://github.test/acme/shop.git"));
        ImageBuilt image = status.publish(imageBuilt(status.publish(artifactStored(commit, 1))));
        status.publish(deploymentFinished(deployStarted(deployRequested(image))));
        String review = "slipway/" + plan + "/review";
        await("GitHub refused a status of " + review).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> hosts.received().stream().anyMatch(r -> r.context().equals(review) && r.answered() == 500));
        status.awaitBuild(plan, "1", build -> build.path("state").asText().equals("served"));

        status.close();
        hosts.failNext(GitHostStandIn.GITHUB, 0);
        status = status.startAgain();

        List<GitHostStandIn.Received> taken = awaitTaken(review, "success");
        assertEquals("build 1 runs in review at http://127.0.0.1:31001/", taken.get(taken.size() - 1).description());
        assertNoViolations();
    }

    /** The statuses a host took for the context once the last is {@code state}; a final one only once, and nothing after it. */
    private List<GitHostStandIn.Received> awaitTaken(String context, String state) {
        List<GitHostStandIn.Received> taken = await(context + " " + state).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> hosts.taken(context), list -> !list.isEmpty() && list.get(list.size() - 1).state().equals(state));
        if (!List.of("pending", "running", "INPROGRESS").contains(state)) {
            assertEquals(1, taken.stream().filter(r -> r.state().equals(state)).count(), "one " + state + ", the last: " + taken);
        }
        return taken;
    }

    /**
     * Publishes that deploy-service started the request's deployment, not the request itself: a
     * deploy-service of another test reading the shared test broker would take a DeployRequested up
     * (and fail it for an environment it does not know).
     */
    private DeployRequested deployStarted(DeployRequested request) {
        status.publish(new StageProgressed(EventId.random(), request.eventId(), now(), request.plan(), request.build(), request.commit(),
                Stage.DEPLOY, request.environment(), Progress.STARTED, null));
        return request;
    }

    private void assertNoViolations() {
        assertEquals(List.of(), hosts.violations(), "every request fits the provider's documented API");
    }

    private static CommitReceived commit(PlanName plan, String repository) {
        byte[] sha = new byte[20];
        ThreadLocalRandom.current().nextBytes(sha);
        return new CommitReceived(EventId.random(), null, now(), plan, RepositoryUrl.of(repository), BranchName.of("main"),
                CommitSha.of(HexFormat.of().formatHex(sha)), Author.of("Zoë Ünicode", "zoe@example.org"), "Fix the checkout", Trigger.PUSH,
                UUID.randomUUID().toString());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
