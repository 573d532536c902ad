package dev.slipway.events.testing;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.descriptor.AcceptanceCheck;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.DeployReason;
import dev.slipway.events.domain.DeploymentState;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.domain.Trigger;

import java.net.URI;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic events for tests, one chain per plan. */
public final class SampleEvents {
    public static final CommitSha COMMIT = CommitSha.of("3f45da68399daf74b35561c0f30cf0a2021def4b");
    public static final Digest IMAGE_DIGEST = Digest.of("sha256:" + "ab".repeat(32));

    private SampleEvents() {
    }

    /** A plan name no other test uses, so tests can share the broker. */
    public static PlanName uniquePlan(String prefix) {
        return PlanName.of(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static CommitReceived commitReceived(PlanName plan) {
        return new CommitReceived(EventId.random(), null, now(), plan,
                RepositoryUrl.of("https://github.com/slipway/shop.git"), BranchName.of("main"), COMMIT,
                Author.of("Zoë Ünicode", "zoe@example.org"), "Fix the ✓ on the checkout page", Trigger.PUSH,
                "72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }

    /** The head of pull request #{@code number} (from branch {@code feature/checkout} into main), to preview. */
    public static CommitReceived pullRequestOpened(PlanName plan, int number) {
        return new CommitReceived(EventId.random(), null, now(), plan,
                RepositoryUrl.of("https://github.com/slipway/shop.git"), BranchName.of("feature/checkout"), COMMIT,
                Author.of("Zoë Ünicode", "zoe@example.org"), "Try the new checkout", Trigger.PULL_REQUEST,
                "72d3162e-cc78-11e3-81ab-4c9367dc0959", false, pullRequest(number));
    }

    public static PullRequest pullRequest(int number) {
        return new PullRequest(number, BranchName.of("feature/checkout"), BranchName.of("main"), false,
                "refs/pull/" + number + "/head", URI.create("https://github.com/slipway/shop/pull/" + number), "New checkout");
    }

    /** A build of pull request {@code pullRequest} (the chain's other events carry it on). */
    public static ArtifactStored artifactStored(CommitReceived cause, long number, PullRequest pullRequest) {
        ArtifactStored plain = artifactStored(cause, number);
        return new ArtifactStored(plain.eventId(), plain.causationId(), plain.time(), plain.build(), plain.repository(),
                plain.branch(), plain.commit(), plain.commitTime(), plain.artifactUrl(), plain.sha256(), plain.sizeBytes(),
                plain.descriptor(), pullRequest);
    }

    public static PullRequestClosed pullRequestClosed(PlanName plan, int number, PullRequestOutcome outcome) {
        return new PullRequestClosed(EventId.random(), null, now(), plan, RepositoryUrl.of("https://github.com/slipway/shop.git"),
                number, outcome, "72d3162e-cc78-11e3-81ab-4c9367dc0960");
    }

    public static BuildDescriptor descriptor() {
        return new BuildDescriptor("shop", "1.4.0", Map.of("APP_ENV", "review", "DB_HOST", "db"),
                new Resources(0.5, 256, 512, 2), 8080, "/health", "php", null, List.of("APP_ENV"),
                "php -l index.php", new AcceptanceCheck("/", 200), "dependency.json");
    }

    public static ArtifactStored artifactStored(CommitReceived cause, long number) {
        BuildId build = new BuildId(cause.plan(), dev.slipway.events.domain.BuildNumber.of(number));
        return new ArtifactStored(EventId.random(), cause.eventId(), now(), build, cause.repository(), cause.branch(),
                cause.commit(), Instant.parse("2026-11-20T09:00:00Z"),
                URI.create("http://127.0.0.1:8082/artifacts/" + build + "/source.tar.gz"),
                Digest.of("sha256:" + "cd".repeat(32)), 20_480, descriptor());
    }

    public static ImageBuilt imageBuilt(ArtifactStored cause) {
        ImageReference tag = ImageReference.of("127.0.0.1:5000", "shop", "1.4.0-" + cause.build().number());
        return new ImageBuilt(EventId.random(), cause.eventId(), now(), cause.build(), cause.commit(),
                tag.withDigest(IMAGE_DIGEST), List.of(tag, tag.withTag(cause.commit().shortSha())), cause.descriptor(),
                cause.pullRequest());
    }

    public static DeployRequested deployRequested(ImageBuilt cause) {
        return new DeployRequested(EventId.random(), cause.eventId(), now(), cause.build(), cause.commit(), cause.image(),
                cause.descriptor(), EnvironmentName.of("review"), DeployReason.AUTOMATIC);
    }

    public static DeploymentFinished deploymentFinished(DeployRequested cause) {
        return new DeploymentFinished(EventId.random(), cause.eventId(), now(), cause.build(), cause.commit(),
                cause.environment(), "docker", cause.build().slug() + "-" + cause.environment(), DeploymentState.RUNNING,
                URI.create("http://127.0.0.1:31001/"), null);
    }

    public static StageFailed stageFailed(ArtifactStored cause) {
        return new StageFailed(EventId.random(), cause.eventId(), now(), cause.plan(), cause.build(), cause.commit(),
                Stage.IMAGE, "Dockerfile line 3: unknown instruction: RUNN", false);
    }

    public static StageProgressed stageStarted(ArtifactStored cause) {
        return new StageProgressed(EventId.random(), cause.eventId(), now(), cause.plan(), cause.build(), cause.commit(),
                Stage.IMAGE, null, Progress.STARTED, null);
    }

    public static StageProgressed deploymentWaiting(DeployRequested cause) {
        return new StageProgressed(EventId.random(), cause.eventId(), now(), cause.plan(), cause.build(), cause.commit(),
                Stage.DEPLOY, cause.environment(), Progress.WAITING, "no agent offers 0.5 cpus and 256 MiB");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
