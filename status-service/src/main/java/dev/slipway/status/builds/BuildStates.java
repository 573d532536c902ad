package dev.slipway.status.builds;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A build's state, derived from its stage entries (the rules are the README's "Build states"). */
public final class BuildStates {
    private BuildStates() {
    }

    record Outcome(BuildState state, String reason, String failedStage) {
    }

    static Outcome derive(List<StageEntry> entries) {
        Optional<StageEntry> lastFailure = entries.stream().filter(e -> e.state().failed())
                .max(Comparator.comparing(StageEntry::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        Instant failedAt = lastFailure.map(StageEntry::finishedAt).orElse(null);
        boolean servedSince = entries.stream().anyMatch(e -> e.runs()
                && (failedAt == null || (e.finishedAt() != null && !e.finishedAt().isBefore(failedAt))));
        if (servedSince) {
            return new Outcome(BuildState.SERVED, null, null);
        }
        if (lastFailure.isPresent()) {
            StageEntry failure = lastFailure.get();
            // A rolled-back build did not deploy: failed, in words that say the environment kept serving.
            String reason = failure.state() == EntryState.ROLLED_BACK ? rolledBackBecause(failure) : failure.reason();
            return new Outcome(BuildState.FAILED, reason, failure.stage());
        }
        Optional<StageEntry> waiting = entries.stream().filter(e -> e.state() == EntryState.WAITING)
                .max(Comparator.comparing(StageEntry::lastChange, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (waiting.isPresent()) {
            return new Outcome(BuildState.WAITING, waiting.get().reason(), null);
        }
        List<StageEntry> unfinished = entries.stream().filter(e -> !e.state().finished()).toList();
        if (!unfinished.isEmpty()) {
            // Only its request is known, and artifact-service has not taken it up: received, not running.
            boolean untouched = entries.size() == unfinished.size() && unfinished.stream()
                    .allMatch(e -> e.stage().equals("artifact") && e.state() == EntryState.QUEUED);
            return new Outcome(untouched ? BuildState.RECEIVED : BuildState.RUNNING, null, null);
        }
        // Superseded: every deployment of it was, a later build took over the app it ran as, or its
        // (preview) environment was removed: it ran, and runs nowhere now.
        List<StageEntry> deployments = entries.stream().filter(e -> e.stage().equals("deploy")).toList();
        if (!deployments.isEmpty() && deployments.stream().allMatch(e -> e.state() == EntryState.SUPERSEDED || e.state() == EntryState.REMOVED
                || e.replacedAt() != null)) {
            String reason = deployments.stream().max(Comparator.comparing(StageEntry::lastChange, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .map(BuildStates::supersededBecause).orElse(null);
            return new Outcome(BuildState.SUPERSEDED, reason, null);
        }
        if (entries.stream().anyMatch(e -> e.stage().equals("image") && e.state() == EntryState.SUCCEEDED)) {
            return new Outcome(BuildState.BUILT, null, null);
        }
        return new Outcome(entries.isEmpty() ? BuildState.RECEIVED : BuildState.RUNNING, null, null);
    }

    /** A rolled-back deployment in words: why, and where the environment still serves (its URL is that one's). */
    public static String rolledBackBecause(StageEntry entry) {
        return "rolled back in " + entry.environment() + ": " + entry.reason()
                + (entry.url() == null ? "" : "; " + entry.environment() + " still serves the build before at " + entry.url());
    }

    /** Why a deployment no longer runs: the target's reason, or the build that took its app over. */
    public static String supersededBecause(StageEntry entry) {
        if (entry.state() == EntryState.REMOVED) {
            return entry.environment() + " removed: " + entry.reason();
        }
        if (entry.state() == EntryState.SUPERSEDED || entry.replacedAt() == null) {
            return entry.reason();
        }
        return "build " + entry.replacedBy() + " runs in " + entry.environment() + " now";
    }
}
