package dev.slipway.cli.command;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.render.Durations;
import dev.slipway.cli.render.StageLines;
import dev.slipway.cli.render.Times;
import dev.slipway.cli.status.BuildRef;
import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.StageEntry;
import dev.slipway.events.domain.PlanName;

import java.util.Optional;

/**
 * The build a {@code watch} follows: which one it is (found by the first GET, or by the first event
 * that matches when it did not exist yet), its latest state, and whether that ends the watch.
 */
final class WatchedBuild {
    private final PlanName plan;
    private final BuildRef ref;
    private BuildSummary current;

    /** How a watch ends: its exit code and its last line. */
    record Ending(int exitCode, String line) {
    }

    WatchedBuild(PlanName plan, BuildRef ref) {
        this.plan = plan;
        this.ref = ref;
    }

    /**
     * Takes a build as status-service now tells it; answers whether it is the watched build and news
     * (an older copy, such as a GET answer overtaken by an event, is ignored).
     */
    boolean accept(BuildSummary build) {
        if (!plan.value().equals(build.plan())) {
            return false;
        }
        if (current == null) {
            if (!ref.matches(build)) {
                return false;
            }
            current = build;
            return true;
        }
        if (!current.sameBuildAs(build)) {
            return false;
        }
        if (build.updatedAt() != null && current.updatedAt() != null && build.updatedAt().isBefore(current.updatedAt())) {
            return false;
        }
        current = build;
        return true;
    }

    /** The build status-service named for the ref: followed from now on, whatever the ref matches by itself. */
    boolean adopt(BuildSummary build) {
        if (current == null && plan.value().equals(build.plan())) {
            current = build;
            return true;
        }
        return accept(build);
    }

    Optional<BuildSummary> current() {
        return Optional.ofNullable(current);
    }

    /** What to ask status-service for to catch up: the build once known, else what the person named. */
    String refreshRef() {
        return current == null ? ref.value() : current.ref().orElse(ref.value());
    }

    /**
     * Whether a 404 for the ref may just mean "not yet": the newest build of a plan with none yet, or
     * a commit pushed a moment ago. A build number or request id that is not known is a mistake.
     */
    boolean mayAppear() {
        return ref.isLatest() || ref.commitPrefix().isPresent();
    }

    /** What the watch waits for while the build is not known. */
    String awaited() {
        if (ref.isLatest()) {
            return "a build of plan " + plan + " to reach status-service";
        }
        return ref.commitPrefix().map(prefix -> "commit " + prefix + " of plan " + plan + " to reach status-service")
                .orElse("build " + ref + " of plan " + plan);
    }

    /** Served (0), failed or superseded (1); empty while it goes on. */
    Optional<Ending> ending() {
        if (current == null) {
            return Optional.empty();
        }
        if (current.is(BuildSummary.SERVED)) {
            return Optional.of(new Ending(ExitCode.OK, current.servedAt().map(environment -> "served at " + environment.url())
                    .orElse("served (status-service reports no URL)")));
        }
        if (current.is(BuildSummary.FAILED)) {
            return Optional.of(new Ending(ExitCode.FAILED, "failed at " + (current.failedStage() == null ? "an unknown stage" : current.failedStage())
                    + ": " + current.reason()));
        }
        if (current.is(BuildSummary.SUPERSEDED)) {
            return Optional.of(new Ending(ExitCode.FAILED, "superseded" + (current.reason() == null ? "" : ": " + current.reason())));
        }
        return Optional.empty();
    }

    /** Its image is in the registry and no deployment of it has been asked for. */
    boolean builtWithoutDeployment() {
        return current != null && current.is(BuildSummary.BUILT) && current.stages().stream().noneMatch(stage -> "deploy".equals(stage.stage()));
    }

    /** For a timeout: what the build was still waiting for, as precisely as status-service said. */
    String stillWaitingFor(Times times) {
        if (current == null) {
            return awaited();
        }
        String build = plan + " " + current.label();
        if (builtWithoutDeployment()) {
            return "a deployment of " + build + " to be requested";
        }
        Optional<StageEntry> open = current.stages().stream().filter(stage -> !stage.finished()).findFirst();
        if (open.isPresent()) {
            StageEntry stage = open.get();
            String since = stage.began() == null ? "" : " for " + Durations.of(times.since(stage.began()));
            return switch (stage.state()) {
                case StageEntry.QUEUED -> StageLines.label(stage) + " to take up " + build + " (queued" + since + ")";
                case StageEntry.WAITING -> StageLines.label(stage) + " of " + build + " (waiting" + since
                        + (stage.reason() == null ? "" : ": " + stage.reason()) + ")";
                default -> StageLines.label(stage) + " of " + build + " to finish (" + stage.state() + since + ")";
            };
        }
        if (current.stages().isEmpty()) {
            return "artifact-service to take up " + build + " (received " + times.ago(current.receivedAt()) + ")";
        }
        return build + " to be served (it is " + current.state() + (current.reason() == null ? "" : ": " + current.reason()) + ")";
    }
}
