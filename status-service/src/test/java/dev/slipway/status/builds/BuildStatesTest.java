package dev.slipway.status.builds;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The build state rules of the status API, on stage entries as the projection leaves them. */
class BuildStatesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aRequestNoStageHasTakenUpIsReceivedAndOneThatStartedIsRunning() {
        assertEquals(BuildState.RECEIVED, state(entry("artifact", EntryState.QUEUED, 0)));
        assertEquals(BuildState.RUNNING, state(entry("artifact", EntryState.RUNNING, 0)));
        assertEquals(BuildState.RUNNING, state(entry("artifact", EntryState.SUCCEEDED, 1), entry("image", EntryState.QUEUED, 1)));
    }

    @Test
    void anImageWithoutDeploymentsIsBuiltAndADeploymentThatWaitsSaysWhy() {
        assertEquals(BuildState.BUILT, state(entry("artifact", EntryState.SUCCEEDED, 1), entry("image", EntryState.SUCCEEDED, 2)));
        BuildStates.Outcome waiting = BuildStates.derive(List.of(entry("image", EntryState.SUCCEEDED, 2),
                withReason(entry("deploy", EntryState.WAITING, 3), "insufficient cpus")));
        assertEquals(BuildState.WAITING, waiting.state());
        assertEquals("insufficient cpus", waiting.reason());
    }

    @Test
    void aFailureFailsTheBuildUntilADeploymentRunsAfterIt() {
        BuildStates.Outcome failed = BuildStates.derive(List.of(entry("image", EntryState.SUCCEEDED, 2),
                withReason(entry("deploy", EntryState.FAILED, 3), "health check timed out")));
        assertEquals(BuildState.FAILED, failed.state());
        assertEquals("deploy", failed.failedStage());
        assertEquals("health check timed out", failed.reason());
        assertEquals(BuildState.SERVED, state(entry("image", EntryState.SUCCEEDED, 2), entry("deploy", EntryState.FAILED, 3),
                entry("deploy", EntryState.SUCCEEDED, 4)));
        assertEquals(BuildState.FAILED, state(entry("image", EntryState.SUCCEEDED, 2), entry("deploy", EntryState.SUCCEEDED, 3),
                entry("deploy", EntryState.FAILED, 4)));
    }

    @Test
    void onlySupersededDeploymentsMakeASupersededBuildNotAFailedOne() {
        assertEquals(BuildState.SUPERSEDED, state(entry("image", EntryState.SUCCEEDED, 2), entry("deploy", EntryState.SUPERSEDED, 3)));
        assertEquals(BuildState.SERVED, state(entry("image", EntryState.SUCCEEDED, 2), entry("deploy", EntryState.SUPERSEDED, 3),
                entry("deploy", EntryState.SUCCEEDED, 4)));
    }

    @Test
    void aBuildWhoseAppAnotherBuildTookOverNoLongerRuns() {
        StageEntry replaced = new StageEntry(3, 1, "deploy", "production", UUID.randomUUID(), EntryState.SUCCEEDED, T0, T0, null,
                T0.plusSeconds(30), null, "automatic", "http://127.0.0.1:31001/", "slipway-shop-production", T0.plusSeconds(600), 1L);
        BuildStates.Outcome outcome = BuildStates.derive(List.of(entry("image", EntryState.SUCCEEDED, 0), replaced));
        assertEquals(BuildState.SUPERSEDED, outcome.state());
        assertEquals("build 1 runs in production now", outcome.reason());
        assertEquals("superseded", EnvironmentStatus.of(replaced));
    }

    @Test
    void aRolledBackDeploymentFailsTheBuildAndSaysWhatStillServes() {
        StageEntry rolledBack = withReason(entry("deploy", EntryState.ROLLED_BACK, 3), "health check /health answered 503");
        rolledBack = rolledBack.with(rolledBack.state(), rolledBack.queuedAt(), rolledBack.startedAt(), rolledBack.progressedAt(),
                rolledBack.finishedAt(), rolledBack.reason(), rolledBack.detail(), "http://127.0.0.1:31001/");
        BuildStates.Outcome outcome = BuildStates.derive(List.of(entry("image", EntryState.SUCCEEDED, 2), rolledBack));
        assertEquals(BuildState.FAILED, outcome.state());
        assertEquals("deploy", outcome.failedStage());
        assertEquals("rolled back in review: health check /health answered 503; review still serves the build before at http://127.0.0.1:31001/",
                outcome.reason());
        assertEquals("rolled-back", EnvironmentStatus.of(rolledBack));
        assertEquals(EntryState.ROLLED_BACK, EntryState.parse(EntryState.ROLLED_BACK.json()), "stored as rolled-back and read back");
    }

    @Test
    void aPreviewWhoseEnvironmentWasRemovedRunsNowhereButDidNotFail() {
        StageEntry removed = withReason(entry("deploy", EntryState.REMOVED, 4), "pull request #12 merged");
        BuildStates.Outcome outcome = BuildStates.derive(List.of(entry("image", EntryState.SUCCEEDED, 2), removed));
        assertEquals(BuildState.SUPERSEDED, outcome.state());
        assertEquals("review removed: pull request #12 merged", outcome.reason());
        assertEquals("removed", EnvironmentStatus.of(removed));
    }

    private static BuildState state(StageEntry... entries) {
        return BuildStates.derive(List.of(entries)).state();
    }

    private static StageEntry entry(String stage, EntryState state, int minute) {
        Instant time = T0.plusSeconds(60L * minute);
        return new StageEntry(minute, 1, stage, stage.equals("deploy") ? "review" : null, UUID.randomUUID(), state, time,
                state == EntryState.QUEUED ? null : time, null, state.finished() ? time.plusSeconds(30) : null, null, null, null,
                stage.equals("deploy") ? "slipway-shop-production" : null, null, null);
    }

    private static StageEntry withReason(StageEntry e, String reason) {
        return e.with(e.state(), e.queuedAt(), e.startedAt(), e.progressedAt(), e.finishedAt(), reason, e.detail(), e.url());
    }
}
