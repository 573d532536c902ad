package dev.slipway.status.projection;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Redacted;
import dev.slipway.events.domain.Stage;

/** The timeline's sentences: each event as a person following the build would say it. */
final class Sentences {
    private Sentences() {
    }

    static String received(CommitReceived event) {
        return event.trigger().json() + " of " + shortSha(event.commit().value()) + " on " + event.branch() + " received"
                + (event.rebuild() ? " (a rebuild was asked for)" : "") + previewOf(event.pullRequest());
    }

    /** The pull request's title is the author's text: it stays text (the dashboard and the API escape it). */
    private static String previewOf(PullRequest pullRequest) {
        if (pullRequest == null) {
            return "";
        }
        return "; preview of pull request #" + pullRequest.number() + (pullRequest.title().isEmpty() ? "" : " " + pullRequest.title())
                + " in " + pullRequest.environment();
    }

    static String pullRequestClosed(PullRequestClosed event) {
        return "pull request #" + event.number() + " " + event.outcome().json() + "; preview " + PullRequest.environmentOf(event.number())
                + " removed";
    }

    /** A request that artifact-service answered with an existing build of the same commit. */
    static String receivedAgain(String trigger, long number) {
        return "received again" + (trigger == null ? "" : " (" + trigger + ")") + "; same build " + number;
    }

    static String progressed(StageProgressed event) {
        String subject = event.stage() == Stage.DEPLOY ? "deployment to " + event.environment() : event.stage().json() + " stage";
        if (event.progress() == Progress.WAITING) {
            return subject + " waiting: " + event.detail();
        }
        return subject + " started" + (event.detail() == null ? "" : " (" + event.detail() + ")");
    }

    static String stored(ArtifactStored event) {
        return "build " + event.build().number() + " numbered; source archive stored (" + event.sizeBytes() + " bytes, "
                + event.sha256() + ")";
    }

    static String imageBuilt(ImageBuilt event) {
        return "image " + event.image() + " pushed";
    }

    static String deployRequested(DeployRequested event) {
        return "deployment to " + event.environment() + " requested (" + event.reason().json() + ")";
    }

    static String deploymentFinished(DeploymentFinished event) {
        return switch (event.state()) {
            case RUNNING -> "running in " + event.environment() + " at " + Redacted.url(event.url());
            case SUPERSEDED -> "deployment to " + event.environment() + " superseded: " + event.reason();
            case ROLLED_BACK -> "rolled back in " + event.environment() + ": " + event.reason()
                    + (event.url() == null ? "; nothing served there before" : "; " + event.environment() + " still serves the build before at "
                    + Redacted.url(event.url()));
            case REMOVED -> "preview " + event.environment() + " removed: " + event.reason();
            default -> "deployment to " + event.environment() + " failed: " + event.reason();
        };
    }

    static String failed(StageFailed event) {
        return event.stage().json() + " stage failed" + (event.retryable() ? " (may pass when tried again)" : "") + ": " + event.reason();
    }

    static String deadLettered(String topic, String originalTopic, String reason) {
        return "a record of " + (originalTopic == null ? topic : originalTopic) + " was parked on " + topic + ": " + reason;
    }

    static String shortSha(String commit) {
        return commit == null ? null : commit.substring(0, Math.min(7, commit.length()));
    }
}
