package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.EnvironmentEntry;
import dev.slipway.cli.status.StageEntry;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two faces of {@code watch}: a line per change for pipes, a block redrawn in place for terminals. */
class ProgressViewsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final Times times = new Times(Clock.fixed(T0.plusSeconds(20), ZoneOffset.UTC));

    private static StageEntry stage(String stage, String environment, String state, Integer started, Integer finished, String reason) {
        return new StageEntry(stage, environment, state, T0, started == null ? null : T0.plusSeconds(started),
                finished == null ? null : T0.plusSeconds(finished), finished == null ? null : finished - (started == null ? 0 : started) + 0.0,
                reason, environment == null ? null : "automatic");
    }

    private static BuildSummary build(Long number, String state, List<StageEntry> stages) {
        return new BuildSummary("shop", number, number == null ? "shop@r" : "shop/" + number, "r", "push", "ab" + "3".repeat(38), "ab33333",
                "main", "git://x/shop.git", null, "fix the header", T0, T0, state, null, null, stages,
                List.of(new EnvironmentEntry("review", "running", "http://127.0.0.1:1/", null, "automatic", T0)), null);
    }

    @Test
    void plainPrintsOneLinePerChangeAndNothingTwice() {
        StringWriter text = new StringWriter();
        PlainProgress plain = new PlainProgress(new PrintWriter(text), times);

        plain.waitingFor("commit ab33333 of plan shop to reach status-service");
        plain.update(build(null, "received", List.of()));
        plain.update(build(3L, "running", List.of(stage("artifact", null, "succeeded", 1, 3, null), stage("image", null, "running", 3, null, null))));
        plain.update(build(3L, "running", List.of(stage("artifact", null, "succeeded", 1, 3, null), stage("image", null, "running", 3, null, null))));
        plain.tick();
        plain.update(build(3L, "waiting", List.of(stage("artifact", null, "succeeded", 1, 3, null), stage("image", null, "succeeded", 3, 9, null),
                stage("deploy", "staging", "waiting", 9, null, "insufficient cpus: needs 1.5, 0.5 free"))));
        plain.finish("served at http://127.0.0.1:1/");

        assertEquals(List.of(
                "waiting for commit ab33333 of plan shop to reach status-service",
                "shop (not numbered yet) · commit ab33333 on main · \"fix the header\"",
                "shop commit ab33333 is build #3",
                "10:00:03  artifact          succeeded in 2.0s",
                "10:00:03  image             running",
                "10:00:09  image             succeeded in 6.0s",
                "10:00:09  deploy staging    waiting: insufficient cpus: needs 1.5, 0.5 free",
                "served at http://127.0.0.1:1/"), text.toString().lines().toList());
    }

    @Test
    void terminalRedrawsTheBlockInPlaceWithElapsedTimes() {
        StringWriter text = new StringWriter();
        TerminalProgress terminal = new TerminalProgress(new PrintWriter(text), times, 80);

        terminal.update(build(3L, "running", List.of(stage("artifact", null, "succeeded", 1, 3, null), stage("image", null, "running", 3, null, null))));

        assertEquals(List.of(
                "shop #3 · commit ab33333 on main · \"fix the header\"",
                "  ✓ artifact          succeeded in 2.0s",
                "  ▶ image             running for 17s",
                "  · deploy            pending"), terminal.lines());
        assertEquals(4, text.toString().split("\u001b\\[2K", -1).length - 1, "each line cleared as it is drawn");

        text.getBuffer().setLength(0);
        terminal.tick();
        assertTrue(text.toString().startsWith("\u001b[4F\u001b[2Kshop #3"), "back up four lines, then redraw: " + text);
    }

    @Test
    void aRedrawnLineNeverWrapsSoTheBlockStaysInPlace() {
        StringWriter text = new StringWriter();
        TerminalProgress narrow = new TerminalProgress(new PrintWriter(text), times, 40);

        narrow.update(build(3L, "waiting", List.of(stage("deploy", "production", "waiting", 9, null, "insufficient memory: needs 512 MiB, 128 MiB free"))));

        text.toString().lines().forEach(line -> assertTrue(line.replace("\u001b[4F", "").replace("\u001b[2K", "").length() < 40, line));
        assertTrue(text.toString().contains("  … deploy production waiting for 11s:…"), text.toString());
    }
}
