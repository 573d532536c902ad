package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildSummary;

/**
 * How {@code watch} shows a build going through its stages: redrawn in place on a terminal
 * ({@link TerminalProgress}), one line per change when piped ({@link PlainProgress}).
 */
public interface ProgressView {

    /** The build is not known yet: what the watch waits for. */
    void waitingFor(String what);

    /** The build as it is now; a view shows what changed. */
    void update(BuildSummary build);

    /** Time went by (about once a second): a terminal refreshes elapsed times. */
    void tick();

    /** Something about the watch itself, such as a dropped and reconnected event stream. */
    void note(String text);

    /** The last line: where the build is served, or why it ended otherwise. */
    void finish(String text);
}
