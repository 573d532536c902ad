package dev.slipway.webhook.schedule;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TopicReader;
import dev.slipway.webhook.GitRepository;
import dev.slipway.webhook.Samples;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan's cron schedule reads the branch head of a real Git repository with ls-remote and builds
 * it when it moved. The schedule ticks every second here; in production it is e.g. 9 AM daily.
 */
class ScheduledBuildsTest {
    private static final String EVERY_SECOND = "* * * * * *";

    @Test
    void eachTickBuildsTheHeadOnlyWhenItMovedSinceTheLastScheduledBuild(@TempDir Path directory) {
        PlanName plan = SampleEvents.uniquePlan("nightly");
        try (GitRepository repository = GitRepository.create(directory, "main");
             TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {
            CommitSha first = repository.commit("Kasse: erste Fassung ✓");
            try (RunningService service = RunningService.of("webhook-service").properties(schedule(plan, repository, false)).start()) {

                CommitReceived built = Samples.commitReceived(topic.await(plan.value(), 1, Duration.ofSeconds(15)).get(0));
                assertScheduledBuild(plan, repository, first, built);
                assertEquals(1, topic.drain(plan.value(), Duration.ofMillis(3500)).size(), "ticks on an unchanged head build nothing");

                CommitSha second = repository.commit("Kasse: Rückgeld in Münzen");
                List<ConsumerRecord<String, byte[]>> records = topic.await(plan.value(), 2, Duration.ofSeconds(15));
                assertScheduledBuild(plan, repository, second, Samples.commitReceived(records.get(1)));
                assertEquals(2, topic.drain(plan.value(), Duration.ofMillis(2500)).size());

                String metrics = service.get("/prometheus").body();
                assertTrue(metrics.contains("slipway_webhook_schedule_ticks_total{outcome=\"unchanged\",plan=\"" + plan + "\"}"), metrics);
            }
        }
    }

    @Test
    void aPlanThatRebuildsUnchangedHeadsBuildsOnEveryTickAndSaysItIsARebuild(@TempDir Path directory) {
        PlanName plan = SampleEvents.uniquePlan("always");
        try (GitRepository repository = GitRepository.create(directory, "main");
             TopicReader topic = TopicReader.fromNow(Topics.COMMIT_RECEIVED)) {
            CommitSha head = repository.commit("Lager: Zählliste");
            try (RunningService ignored = RunningService.of("webhook-service").properties(schedule(plan, repository, true)).start()) {

                List<ConsumerRecord<String, byte[]>> records = topic.await(plan.value(), 2, Duration.ofSeconds(15));

                CommitReceived one = Samples.commitReceived(records.get(0));
                CommitReceived two = Samples.commitReceived(records.get(1));
                assertEquals(head, one.commit());
                assertEquals(head, two.commit());
                assertTrue(!one.eventId().equals(two.eventId()), "each tick is its own build");
                assertTrue(!one.rebuild(), "the first build of the head is no rebuild");
                assertTrue(two.rebuild(), "building the same head again is a deliberate rebuild, and the event says so");
            }
        }
    }

    private static Map<String, Object> schedule(PlanName plan, GitRepository repository, boolean rebuildUnchanged) {
        return Map.of(
                "slipway.plans." + plan + ".repository", repository.url(),
                "slipway.plans." + plan + ".branches", List.of("main"),
                "slipway.plans." + plan + ".schedule", EVERY_SECOND,
                "slipway.plans." + plan + ".time-zone", "Europe/Zurich",
                "slipway.plans." + plan + ".rebuild-unchanged", rebuildUnchanged);
    }

    private static void assertScheduledBuild(PlanName plan, GitRepository repository, CommitSha head, CommitReceived event) {
        assertEquals(plan, event.plan());
        assertEquals(RepositoryUrl.of(repository.url()), event.repository());
        assertEquals(BranchName.of("main"), event.branch());
        assertEquals(head, event.commit());
        assertNull(event.author(), "ls-remote sees only the commit id");
        assertEquals("", event.message());
        assertEquals(Trigger.SCHEDULE, event.trigger());
        assertTrue(event.deliveryId().startsWith("schedule-" + plan + "-"), event.deliveryId());
        assertEquals(EventId.derived("schedule/" + plan + "/" + head), event.eventId());
        assertTrue(!event.rebuild());
    }
}
