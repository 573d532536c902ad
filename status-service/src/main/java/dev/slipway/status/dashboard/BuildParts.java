package dev.slipway.status.dashboard;

import java.util.List;

/**
 * Everything of a build's page that changes while it runs (its fragment is swapped in on each change):
 * state, failure reason, stages, image, timeline, deployments, and the operators' deploy actions.
 *
 * @param failureReason the reason in words, with the stage ({@code The image stage failed: ...}), or null
 * @param waitingReason why a deployment of it waits, or null
 * @param imageRunning  whether its image is being built (its page follows the log meanwhile)
 * @param actions       per environment, a rollback or a promotion to it (none for viewers, none when it runs there)
 * @param preview       the pull request it previews, or null
 */
public record BuildParts(String plan, String ref, Long number, String label, String state, String failureReason, String waitingReason,
                         List<StageBar> stages, BuildRow.Commit commit, String author, String message, String trigger, String receivedIso,
                         String receivedText, Image image, List<TimelineLine> timeline, List<Deployment> deployments,
                         List<DeployAction> actions, boolean canAct, boolean imageRunning, Preview preview) {

    /**
     * The pull request a preview build shows ("preview of pull request #12 title"), and where it runs.
     *
     * @param title the author's text: jte escapes it like every other value
     * @param url   the pull request's page, or null
     */
    public record Preview(int number, String title, String url, String environment) {
    }

    public record Image(String reference, String digest, List<String> tags) {
    }

    public record TimelineLine(String timeIso, String timeText, String type, String summary) {
    }

    /** Where a deployment of this build stands in an environment. */
    public record Deployment(String environment, String state, String url, String reason) {
    }

    /**
     * A deploy action offered on the build's page: it leads to the confirmation page.
     *
     * @param action {@code rollback} (the environment runs a newer build) or {@code promote}
     */
    public record DeployAction(String environment, String action, String label, String confirmUrl) {
    }
}
