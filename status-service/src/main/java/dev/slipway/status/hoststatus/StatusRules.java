package dev.slipway.status.hoststatus;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Redacted;
import dev.slipway.events.domain.Stage;
import dev.slipway.status.builds.Build;

import java.util.Optional;

/**
 * Which commit status an event means. Two kinds of context, so that each says one thing and ends:
 * {@code slipway/<plan>} for the build (pending from its first stage, success once its image is
 * pushed, failure when the artifact or image stage gives up) and {@code slipway/<plan>/<environment>}
 * for each environment it is deployed to (pending from the request, success with the URL it runs
 * at, failure when it failed or was rolled back). One status per environment rather than one for
 * the build, because a build may run in review and fail in production, and branch protection names
 * the environment it waits for; the plan is in the name because two plans may build one repository.
 * A CommitReceived reports nothing yet: nothing works on the build until a stage starts.
 */
final class StatusRules {
    private StatusRules() {
    }

    /**
     * @param deployEnvironment the environment of a deploy stage's failure (its request names it), or null
     */
    static Optional<CommitStatus> statusFor(PipelineEvent event, Build build, String deployEnvironment, String dashboardBase) {
        String commit = build.commit();
        if (commit == null) {
            return Optional.empty();
        }
        String buildName = build.number() == null ? "the build" : "build " + build.number();
        String plan = build.plan().value();
        String buildContext = "slipway/" + plan;
        String link = dashboardBase + "/ui/plans/" + plan + "/builds/" + (build.number() != null ? build.number().toString()
                : build.request() != null ? build.request().toString() : "latest");
        Status status = null;
        if (event instanceof StageProgressed e) {
            if (e.stage() == Stage.DEPLOY && e.environment() != null) {
                String environment = e.environment().value();
                status = new Status(buildContext + "/" + environment, CommitState.PENDING, e.progress() == Progress.WAITING
                        ? buildName + " waits to deploy to " + environment + ": " + e.detail() : buildName + " is deploying to " + environment);
            } else if (e.stage() != Stage.DEPLOY && e.progress() == Progress.STARTED) {
                status = new Status(buildContext, CommitState.PENDING, buildName + " is building (" + e.stage().json() + " stage)");
            }
        } else if (event instanceof ArtifactStored) {
            status = new Status(buildContext, CommitState.PENDING, buildName + " is building (source stored, image next)");
        } else if (event instanceof ImageBuilt) {
            status = new Status(buildContext, CommitState.SUCCESS, buildName + " built; image pushed");
        } else if (event instanceof DeployRequested e) {
            status = new Status(buildContext + "/" + e.environment().value(), CommitState.PENDING,
                    buildName + " is deploying to " + e.environment().value());
        } else if (event instanceof DeploymentFinished e) {
            String environment = e.environment().value();
            String context = buildContext + "/" + environment;
            status = switch (e.state()) {
                case RUNNING -> new Status(context, CommitState.SUCCESS, buildName + " runs in " + environment + " at " + Redacted.url(e.url()));
                case FAILED -> new Status(context, CommitState.FAILURE, buildName + " failed to deploy to " + environment + ": " + e.reason());
                case ROLLED_BACK -> new Status(context, CommitState.FAILURE, buildName + " was rolled back in " + environment + ": "
                        + e.reason());
                case SUPERSEDED -> new Status(context, CommitState.CANCELED, buildName + " superseded in " + environment + ": " + e.reason());
                default -> null; // removed: its pull request closed, nobody waits for its status
            };
        } else if (event instanceof StageFailed e) {
            if (e.stage() == Stage.DEPLOY) {
                status = deployEnvironment == null ? null : new Status(buildContext + "/" + deployEnvironment, CommitState.FAILURE,
                        buildName + " failed to deploy to " + deployEnvironment + ": " + e.reason());
            } else {
                status = new Status(buildContext, CommitState.FAILURE, buildName + " failed in the " + e.stage().json() + " stage: "
                        + e.reason());
            }
        }
        if (status == null) {
            return Optional.empty();
        }
        return Optional.of(new CommitStatus(build.plan(), commit, build.repository(), status.context(), status.state(),
                oneLine(status.description()), link, event.time()));
    }

    /** Descriptions are one line on every host; a reason may hold several. */
    private static String oneLine(String text) {
        return Redacted.urlsIn(text).replaceAll("\\s+", " ").strip();
    }

    private record Status(String context, CommitState state, String description) {
    }
}
