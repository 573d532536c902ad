package dev.slipway.webhook.trigger;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /builds} queues a build of a plan's branch head, or of a given commit, but only of a
 * commit the branch holds: the remote also serves commits no branch of the plan has (a fork's pull
 * request head on GitHub), and naming one of those must not build it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManualBuildsTest {
    private final PlanName plan = SampleEvents.uniquePlan("manual");
    private GitRepository repository;
    private CommitSha first;
    private CommitSha releaseHead;
    private CommitSha retried;
    private CommitSha mainHead;
    private CommitSha forkPullRequest;
    private CommitSha releaseOnly;
    private RunningService service;
    private TopicReader topic;

    @BeforeAll
    void start(@TempDir Path directory) {
        Path sources = directory.resolve("shop");
        repository = GitRepository.create(sources, "main");
        // Each test that builds names a commit of its own: a plan builds a commit once.
        first = repository.commit("Anfang");
        releaseHead = repository.commit("Release 1: Kasse ✓");
        repository.branch("release/1");
        retried = repository.commit("Weiter auf main");
        mainHead = repository.commit("Noch weiter auf main");
        forkPullRequest = repository.commitOnRef("refs/pull/7/head", "Someone's fork: print the secrets");
        releaseOnly = repository.commitOnBranch("release/2", "Only on release/2");
        service = RunningService.of("webhook-service").properties(Map.of(
                "slipway.webhook.history-directory", directory.resolve("history"),
                "slipway.plans." + plan + ".repository", repository.url(),
                "slipway.plans." + plan + ".branches", List.of("main", "release/*"))).start();
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
    void aRequestNamingOnlyThePlanBuildsTheHeadOfItsFirstBranch() {
        HttpAnswer answer = request("{\"plan\": \"" + plan + "\"}");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(plan.value(), 1, Duration.ofSeconds(10)));
        assertEquals(plan, event.plan());
        assertEquals(RepositoryUrl.of(repository.url()), event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(mainHead, event.commit());
        assertNull(event.author());
        assertEquals(Trigger.MANUAL, event.trigger());
        assertEquals(answer.json().path("deliveryId").asText(), event.deliveryId());
        assertTrue(event.deliveryId().startsWith("manual-"), event.deliveryId());
    }

    @Test
    void aRequestMayNameTheCommitAndABranchThePlanBuilds() {
        HttpAnswer byCommit = request("{\"plan\": \"" + plan + "\", \"commit\": \"" + first + "\"}");
        HttpAnswer byBranch = request("{\"plan\": \"" + plan + "\", \"branch\": \"release/1\"}");

        assertEquals(202, byCommit.status(), byCommit.body());
        assertEquals(202, byBranch.status(), byBranch.body());
        List<CommitReceived> events = topic.await(plan.value(), 2, Duration.ofSeconds(10)).stream().map(Samples::commitReceived).toList();
        assertEquals(first, events.get(0).commit());
        assertEquals(BranchName.of("main"), events.get(0).branch());
        assertEquals(releaseHead, events.get(1).commit());
        assertEquals(BranchName.of("release/1"), events.get(1).branch());
    }

    @Test
    void theSameIdempotencyKeyQueuesOneBuild() {
        String body = "{\"plan\": \"" + plan + "\", \"commit\": \"" + retried + "\"}";
        String key = Samples.deliveryId();

        HttpAnswer first = service.postJson("/builds", body, "Idempotency-Key", key);
        HttpAnswer again = service.postJson("/builds", body, "Idempotency-Key", key);

        assertEquals("accepted", first.json().path("status").asText(), first.body());
        assertEquals("duplicate", again.json().path("status").asText(), again.body());
        assertEquals(1, topic.drain(plan.value(), Duration.ofMillis(1500)).size());
    }

    @Test
    void badRequestsSayWhatIsWrongAndQueueNothing() {
        assertAnswer(404, "no plan is named 'no-such-plan'", request("{\"plan\": \"no-such-plan\"}"));
        assertAnswer(400, "field 'plan' is missing", request("{\"commit\": \"" + SampleEvents.COMMIT + "\"}"));
        assertAnswer(400, "field 'plan': plan name 'Shop Main' is invalid", request("{\"plan\": \"Shop Main\"}"));
        assertAnswer(400, "field 'commit': commit 'HEAD' is not a full Git commit id", request("{\"plan\": \"" + plan + "\", \"commit\": \"HEAD\"}"));
        assertAnswer(400, "does not build branch 'develop'", request("{\"plan\": \"" + plan + "\", \"branch\": \"develop\"}"));
        assertAnswer(404, "branch 'release/9' does not exist in", request("{\"plan\": \"" + plan + "\", \"branch\": \"release/9\"}"));
        assertAnswer(400, "the body is not valid JSON", request("{\"plan\": "));

        assertTrue(topic.drain(plan.value(), Duration.ofMillis(1500)).isEmpty());
    }

    @Test
    void aCommitTheBranchDoesNotHoldIsRefusedWith400AndQueuesNothing() {
        assertAnswer(400, "commit " + forkPullRequest + " is not in the history of branch 'main'",
                request("{\"plan\": \"" + plan + "\", \"commit\": \"" + forkPullRequest + "\"}"));
        assertAnswer(400, "commit " + releaseOnly + " is not in the history of branch 'main'",
                request("{\"plan\": \"" + plan + "\", \"commit\": \"" + releaseOnly + "\"}"));
        assertAnswer(400, "commit " + SampleEvents.COMMIT + " is not in the history of branch 'release/1'",
                request("{\"plan\": \"" + plan + "\", \"branch\": \"release/1\", \"commit\": \"" + SampleEvents.COMMIT + "\"}"));

        assertTrue(topic.drain(plan.value(), Duration.ofMillis(1500)).isEmpty());
    }

    @Test
    void aCommitOnTheBranchItIsAskedForIsBuilt() {
        HttpAnswer answer = request("{\"plan\": \"" + plan + "\", \"branch\": \"release/2\", \"commit\": \"" + releaseOnly + "\"}");

        assertEquals(202, answer.status(), answer.body());
        CommitReceived event = Samples.only(topic.await(plan.value(), 1, Duration.ofSeconds(10)));
        assertEquals(releaseOnly, event.commit());
        assertEquals(BranchName.of("release/2"), event.branch());
    }

    private HttpAnswer request(String json) {
        return service.postJson("/builds", json);
    }

    private static void assertAnswer(int status, String messagePart, HttpAnswer answer) {
        answer.expect(status, messagePart);
    }
}
