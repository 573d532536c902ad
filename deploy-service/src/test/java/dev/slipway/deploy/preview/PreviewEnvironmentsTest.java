package dev.slipway.deploy.preview;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.targets.docker.StableUrls;
import dev.slipway.deploy.testing.ClusterCleanup;
import dev.slipway.deploy.testing.RunningDeployService;
import dev.slipway.deploy.testing.TestEvents;
import dev.slipway.deploy.testing.WebImages;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.StageFailed;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pull requests' previews on the real engine and on the real Swarm: a pull request's build goes to
 * {@code pr-<number>} and only there, serves at its own URL, is removed when the pull request closes, is
 * not deployed when the pull request closed before its head was built, and the oldest preview makes room
 * when there would be more than {@code max-previews}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreviewEnvironmentsTest {
    private static final Duration DEPLOYED = Duration.ofSeconds(90);
    private static final EnvironmentName STAGING = EnvironmentName.of("staging");

    private WebImages images;
    private RunningDeployService service;

    @BeforeAll
    void start() throws Exception {
        images = new WebImages();
        ClusterCleanup.containers(images.client());
        ClusterCleanup.services(images.client());
        service = RunningDeployService.start(Map.ofEntries(
                Map.entry("slipway.deploy.targets.engine.type", "docker"),
                Map.entry("slipway.deploy.targets.engine.labels", Map.of(WebImages.TEST_LABEL, "true")),
                Map.entry("slipway.deploy.targets.swarm.type", "swarm"),
                Map.entry("slipway.deploy.targets.swarm.labels", Map.of(WebImages.TEST_LABEL, "true")),
                // The plan's own environment, which a pull request's build must never reach.
                Map.entry("slipway.deploy.environments.staging.kind", "stable"),
                Map.entry("slipway.deploy.environments.staging.target", "engine"),
                Map.entry("slipway.deploy.environments.staging.plans", List.of("preview-*")),
                Map.entry("slipway.deploy.environments.previews.kind", "preview"),
                Map.entry("slipway.deploy.environments.previews.target", "engine"),
                Map.entry("slipway.deploy.environments.previews.max-previews", 2),
                Map.entry("slipway.deploy.environments.previews.plans", List.of("preview-engine-*", "preview-quota-*")),
                Map.entry("slipway.deploy.environments.swarm-previews.kind", "preview"),
                Map.entry("slipway.deploy.environments.swarm-previews.target", "swarm"),
                Map.entry("slipway.deploy.environments.swarm-previews.plans", List.of("preview-swarm-*"))));
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        // The previews' stable URLs (the proxy's files) go with their apps, so that they hold no port of its range.
        StableUrls.forget(images.client());
        StableUrls.forgetServices(images.client());
        ClusterCleanup.containers(images.client());
        ClusterCleanup.services(images.client());
        StableUrls.forgetPlans("preview", "no-previews");
        images.close();
    }

    @Test
    void aPullRequestsBuildRunsInItsOwnEnvironmentOnTheEngineAndIsRemovedWhenItMerges() throws Exception {
        previewLifecycle(SampleEvents.uniquePlan("preview-engine"), "docker");
    }

    @Test
    void aPullRequestsBuildRunsInItsOwnEnvironmentOnSwarmAndIsRemovedWhenItMerges() throws Exception {
        previewLifecycle(SampleEvents.uniquePlan("preview-swarm"), "swarm");
    }

    private void previewLifecycle(PlanName plan, String targetType) throws Exception {
        EnvironmentName pr12 = EnvironmentName.of("pr-12");
        try (TopicReader requests = TopicReader.fromNow(Topics.DEPLOY_REQUESTED);
             TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(built(plan, 1, pullRequest(12, Instant.now())));

            DeployRequested request = EventCodec.fromRecord(requests.await(plan.value(), 1, DEPLOYED).get(0), DeployRequested.class);
            assertEquals(pr12, request.environment(), "a pull request's build goes to its preview");
            DeploymentFinished running = finishedIn(finished, plan, pr12, 1);
            assertEquals(DeploymentState.RUNNING, running.state());
            assertEquals(targetType, running.target());
            String page = await("the preview's URL serves the build").atMost(Duration.ofSeconds(30))
                    .until(() -> HttpAnswer.get(running.url()).body(), body -> body.equals(content(plan, 1)));
            assertEquals(content(plan, 1), page);
            assertEquals(1, requests.drain(plan.value(), Duration.ofSeconds(2)).size(),
                    "nothing else was requested: the plan's staging environment never gets a pull request's build");
            JsonNode shown = service.awaitEnvironment(plan, pr12, e -> e.path("state").asText().equals("running"), DEPLOYED);
            assertEquals("preview", shown.path("kind").asText());
            assertEquals(1, shown.path("serving").path("build").asLong(), "it serves build 1: " + shown);

            PullRequestClosed merged = SampleEvents.pullRequestClosed(plan, 12, PullRequestOutcome.MERGED);
            service.publish(merged);
            DeploymentFinished removed = finishedIn(finished, plan, pr12, 2);
            assertEquals(DeploymentState.REMOVED, removed.state());
            assertEquals(merged.eventId(), removed.causationId());
            assertEquals(1, removed.build().number().value(), "the build it ran is the one whose story ends");
            assertEquals("pull request #12 was merged; its preview pr-12 was removed", removed.reason());
            await("the preview's URL stops serving it").atMost(Duration.ofSeconds(30))
                    .until(() -> !serves(running.url(), content(plan, 1)));
            await("the preview is gone from GET /deployments").atMost(Duration.ofSeconds(10))
                    .until(() -> !environments(plan).contains("pr-12"));

            // The same closing delivered again does nothing.
            service.publish(merged);
            assertEquals(2, finished.drain(plan.value(), Duration.ofSeconds(2)).size(), "a redelivered closing reports nothing more");
        }
    }

    @Test
    void aPreviewOfAHeadReceivedBeforeItsPullRequestClosedIsNotDeployedButOneOfTheReopenedPullRequestIs() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("preview-engine");
        EnvironmentName pr7 = EnvironmentName.of("pr-7");
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(built(plan, 1, pullRequest(7, Instant.now())));
            assertEquals(DeploymentState.RUNNING, finishedIn(finished, plan, pr7, 1).state());

            // A new head is received, and the pull request closes while that head is still being built.
            Instant headReceived = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
            service.publish(SampleEvents.pullRequestClosed(plan, 7, PullRequestOutcome.CLOSED));
            assertEquals(DeploymentState.REMOVED, finishedIn(finished, plan, pr7, 2).state());
            service.publish(built(plan, 2, pullRequest(7, headReceived)));
            DeploymentFinished late = finishedIn(finished, plan, pr7, 3);
            assertEquals(DeploymentState.SUPERSEDED, late.state());
            assertTrue(late.reason().contains("pull request #7 was closed"), late.reason());
            assertNull(late.url());
            assertFalse(environments(plan).contains("pr-7"), "the closed pull request's preview stays down");

            // Reopened: a head received after the closing is deployed.
            service.publish(built(plan, 3, pullRequest(7, Instant.now().plusSeconds(1))));
            DeploymentFinished reopened = finishedIn(finished, plan, pr7, 4);
            assertEquals(DeploymentState.RUNNING, reopened.state(), String.valueOf(reopened.reason()));
            assertEquals(content(plan, 3), HttpAnswer.get(reopened.url()).body());
        }
    }

    @Test
    void whenOneMorePreviewWouldBeTooManyTheOneUpdatedLongestAgoIsRemoved() throws Exception {
        PlanName first = SampleEvents.uniquePlan("preview-quota");
        PlanName second = SampleEvents.uniquePlan("preview-quota");
        try (TopicReader finished = TopicReader.fromNow(Topics.DEPLOYMENT_FINISHED)) {
            service.publish(built(first, 1, pullRequest(1, Instant.now())));
            DeploymentFinished oldest = finishedIn(finished, first, EnvironmentName.of("pr-1"), 1);
            assertEquals(DeploymentState.RUNNING, oldest.state());
            service.publish(built(second, 1, pullRequest(2, Instant.now())));
            assertEquals(DeploymentState.RUNNING, finishedIn(finished, second, EnvironmentName.of("pr-2"), 1).state());

            // max-previews is 2, over both plans: a third pull request's preview makes room.
            service.publish(built(second, 2, pullRequest(3, Instant.now())));
            assertEquals(DeploymentState.RUNNING, finishedIn(finished, second, EnvironmentName.of("pr-3"), 1).state());
            DeploymentFinished reaped = finishedIn(finished, first, EnvironmentName.of("pr-1"), 2);
            assertEquals(DeploymentState.REMOVED, reaped.state());
            assertTrue(reaped.reason().contains("to make room for pr-3 of " + second) && reaped.reason().contains("at most 2 previews"),
                    reaped.reason());
            await("the oldest preview's URL stops serving it").atMost(Duration.ofSeconds(30))
                    .until(() -> !serves(oldest.url(), content(first, 1)));
            assertTrue(environments(second).containsAll(List.of("pr-2", "pr-3")));
            assertFalse(environments(first).contains("pr-1"));
        }
    }

    @Test
    void aPullRequestsBuildForAPlanNoPreviewEnvironmentTakesFailsWithWhatToConfigure() throws Exception {
        PlanName plan = SampleEvents.uniquePlan("no-previews");
        try (TopicReader failures = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(built(plan, 1, pullRequest(4, Instant.now())));
            StageFailed failed = EventCodec.fromRecord(failures.await(plan.value(), 1, DEPLOYED).get(0), StageFailed.class);
            assertTrue(failed.reason().contains("no environment of kind preview takes plan '" + plan + "'"), failed.reason());
            assertTrue(failed.reason().contains("kind: preview"), failed.reason());
        }
    }

    private DeploymentFinished finishedIn(TopicReader finished, PlanName plan, EnvironmentName environment, int nth) {
        List<ConsumerRecord<String, byte[]>> records = finished.await(record -> record.key().equals(plan.value())
                && EventCodec.fromRecord(record, DeploymentFinished.class).environment().equals(environment), nth, DEPLOYED);
        return EventCodec.fromRecord(records.get(nth - 1), DeploymentFinished.class);
    }

    private ImageBuilt built(PlanName plan, long number, PullRequest pullRequest) throws Exception {
        ImageBuilt plain = TestEvents.imageBuilt(plan, number, images.push(plan, number, content(plan, number)),
                TestEvents.webDescriptor(0.1, 64));
        return new ImageBuilt(plain.eventId(), plain.causationId(), plain.time(), plain.build(), plain.commit(), plain.image(),
                plain.tags(), plain.descriptor(), pullRequest);
    }

    private static PullRequest pullRequest(int number, Instant received) {
        return new PullRequest(number, BranchName.of("feature-" + number), BranchName.of("main"), false,
                "refs/pull/" + number + "/head", URI.create("https://github.com/slipway/shop/pull/" + number), "Feature " + number,
                received);
    }

    private List<String> environments(PlanName plan) {
        HttpAnswer answer = service.get("/deployments/" + plan);
        return answer.status() != 200 ? List.of()
                : answer.json().path("environments").findValues("environment").stream().map(JsonNode::asText).toList();
    }

    /** Whether {@code url} answers with {@code content}; a port freed by a removal may be given to another app. */
    private static boolean serves(URI url, String content) {
        try {
            HttpAnswer answer = HttpAnswer.get(url);
            return answer.status() == 200 && answer.body().equals(content);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String content(PlanName plan, long build) {
        return "preview " + plan + " build " + build + "\n";
    }
}
