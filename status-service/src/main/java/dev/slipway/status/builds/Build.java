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
        List<String> imageTags) {

    /** {@code plan/number}, or {@code plan@request} while it has no number. */
    public String displayId() {
        if (number != null) {
            return plan.value() + "/" + number;
        }
        return plan.value() + "@" + (request == null ? "build-" + id : request.toString());
    }
}
