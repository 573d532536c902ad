package dev.slipway.artifact.testing;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.RunningService;
import dev.slipway.testing.TestTokens;
import dev.slipway.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * The artifact service as its tests start it ({@link RunningService}: the real application, its
 * own consumer group at the end of the topic, its own name on the broker), with its store and
 * mirrors in a test's directory and a fetch that gives up in seconds rather than minutes.
 */
public final class ArtifactServiceFixture {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ArtifactServiceFixture() {
    }

    /**
     * Ready to start, consuming in a group of its own; a restart test names its group again with
     * {@link RunningService.Builder#consuming(PipelineConsumer, String)}.
     *
     * @param data holds the store and the mirrors; a second service on the same directory sees the same builds
     */
    public static RunningService.Builder on(Path data) {
        RunningService.Builder service = RunningService.of("artifact-service").consuming(PipelineConsumer.ARTIFACT_SERVICE);
        // Artifact URLs in its events must lead back to it, so the port is chosen before it starts.
        return service
                .property("slipway.artifact.public-base-url", "http://127.0.0.1:" + service.port())
                .property("slipway.artifact.store.root", data.resolve("store"))
                .property("slipway.artifact.git.mirror-root", data.resolve("mirrors"))
                .property("slipway.artifact.git.timeout", "5s")
                .property("slipway.artifact.retry.attempts", 3)
                .property("slipway.artifact.retry.initial-delay", "100ms")
                .property("slipway.artifact.retry.max-delay", "200ms");
    }

    /** A push of {@code commit} on {@code main}, as the webhook service would announce it. */
    public static CommitReceived commitReceived(PlanName plan, String repository, CommitSha commit) {
        return commitReceived(plan, repository, "main", commit, Trigger.PUSH, false);
    }

    /** A commit of {@code branch} to build, for {@code trigger}; {@code rebuild} asks for a new build of a built commit. */
    public static CommitReceived commitReceived(PlanName plan, String repository, String branch, CommitSha commit,
                                                Trigger trigger, boolean rebuild) {
        return new CommitReceived(EventId.random(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan,
                RepositoryUrl.of(repository), BranchName.of(branch), commit, Author.of("Zoë Tester", "zoe@example.org"),
                "Add the shop", trigger, "delivery-" + UUID.randomUUID(), rebuild);
    }

    /**
     * A pull request's head to preview, as the webhook service would announce it: the plan's repository, the
     * request's source branch, trigger {@code pull-request}.
     */
    public static CommitReceived pullRequestReceived(PlanName plan, String repository, CommitSha commit, PullRequest pullRequest) {
        return new CommitReceived(EventId.random(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan,
                RepositoryUrl.of(repository), pullRequest.sourceBranch(), commit, Author.of("Zoë Tester", "zoe@example.org"),
                "Try the new checkout", Trigger.PULL_REQUEST, "delivery-" + UUID.randomUUID(), false, pullRequest);
    }

    /** Downloads an archive as image-service does: with a viewer's token (and any other headers, as name, value, ...). */
    public static HttpAnswer download(URI artifactUrl, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = "Bearer " + TestTokens.of(Role.VIEWER);
        return HttpAnswer.get(artifactUrl, all);
    }

    /**
     * Publishes {@code event} and returns the service's answer to it: the first {@code ArtifactStored}
     * or {@code StageFailed} the service emits for its plan afterwards.
     */
    public static PipelineEvent outcome(RunningService service, CommitReceived event) {
        PlanName plan = event.plan();
        try (TopicReader stored = TopicReader.fromNow(Topics.ARTIFACT_STORED);
             TopicReader failed = TopicReader.fromNow(Topics.STAGE_FAILED)) {
            service.publish(event);
            // The readers' consumers stay on this thread: a Kafka consumer is not to be shared between threads.
            ConsumerRecord<String, byte[]> answer = await("an outcome for plan " + plan).atMost(WAIT).pollInSameThread()
                    .until(() -> answer(service, List.of(stored, failed), plan), Optional::isPresent)
                    .orElseThrow();
            return EventCodec.fromRecord(answer);
        }
    }

    private static Optional<ConsumerRecord<String, byte[]>> answer(RunningService service, List<TopicReader> readers, PlanName plan) {
        for (TopicReader reader : readers) {
            Optional<ConsumerRecord<String, byte[]>> answer = reader.drain(plan.value(), Duration.ofMillis(200)).stream()
                    .filter(service.emitted(plan)).findFirst();
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.empty();
    }
}
