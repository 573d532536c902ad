package dev.slipway.artifact.testing;

import dev.slipway.events.CommitReceived;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Trigger;
import dev.slipway.infrastructure.kafka.PipelineConsumer;
import dev.slipway.testing.RunningService;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The artifact service as its tests start it ({@link RunningService}: the real application, its
 * own consumer group at the end of the topic, its own name on the broker), with its store and
 * mirrors in a test's directory and a fetch that gives up in seconds rather than minutes.
 */
public final class ArtifactServiceFixture {
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
        return new CommitReceived(EventId.random(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS), plan,
                RepositoryUrl.of(repository), BranchName.of("main"), commit, Author.of("Zoë Tester", "zoe@example.org"),
                "Add the shop", Trigger.PUSH, "delivery-" + UUID.randomUUID());
    }
}
