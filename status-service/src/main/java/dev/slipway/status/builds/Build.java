package dev.slipway.status.builds;

import dev.slipway.events.domain.PlanName;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A build as the read model holds it. Most fields stay null until the event that carries them
 * arrives: events of one build come from different topics, so in any order.
 *
 * @param number  null until its artifact is stored (and forever for a build that failed before)
 * @param request the CommitReceived that started it; null when only later events were seen
 * @param commitSeen whether its CommitReceived was read (trigger, branch, author and message come from it)
 * @param previewOf  the pull request it previews; null for a build of the plan's own branch
 */
public record Build(
        long id,
        PlanName plan,
        Long number,
        UUID request,
        boolean rebuild,
        String trigger,
        String commit,
        String branch,
        String repository,
        String authorName,
        String authorEmail,
        String message,
        boolean commitSeen,
        Instant receivedAt,
        Instant updatedAt,
        BuildState state,
        String reason,
        String failedStage,
        String artifactUrl,
        String artifactSha256,
        Long artifactSize,
        String imageReference,
        String imageDigest,
        List<String> imageTags,
        PreviewOf previewOf) {

    /**
     * The pull request a build previews, as its events named it.
     *
     * @param title the author's text (already cut and stripped of control characters by the contract): show it escaped
     * @param url   the pull request's page on the Git host; may be null
     */
    public record PreviewOf(int number, String title, String url) {
        /** The environment a preview runs in: {@code pr-<number>}. */
        public String environment() {
            return dev.slipway.events.domain.PullRequest.environmentOf(number).value();
        }
    }

    /** {@code plan/number}, or {@code plan@request} while it has no number. */
    public String displayId() {
        if (number != null) {
            return plan.value() + "/" + number;
        }
        return plan.value() + "@" + (request == null ? "build-" + id : request.toString());
    }
}
