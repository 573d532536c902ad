package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.StageEntry;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A block of lines redrawn in place (ANSI cursor movement): the build, then a line per stage with its
 * elapsed time, stages yet to come shown as pending. Only for a terminal: a pipe would get the
 * escape sequences as text.
 */
public final class TerminalProgress implements ProgressView {
    private static final String CLEAR_LINE = "\u001b[2K";
    private static final List<String> PIPELINE = List.of("artifact", "image", "deploy");

    private final PrintWriter out;
    private final Times times;
    private final int width;
    private BuildSummary build;
    private String waitingFor;
    private String note;
    private int drawn;

    /**
     * @param width the terminal's columns: a redrawn line must not wrap, or moving the cursor up by
     *              the number of lines drawn would land in the wrong place (the last line, which is
     *              not redrawn, is printed whole)
     */
    public TerminalProgress(PrintWriter out, Times times, int width) {
        this.out = out;
        this.times = times;
        this.width = Math.max(20, width);
    }

    @Override
    public void waitingFor(String what) {
        waitingFor = what;
        redraw();
    }

    @Override
    public void update(BuildSummary build) {
        this.build = build;
        redraw();
    }

    @Override
    public void tick() {
        redraw();
    }

    @Override
    public void note(String text) {
        note = text;
        redraw();
    }

    @Override
    public void finish(String text) {
        note = null;
        redraw();
        out.println(text);
        out.flush();
        drawn = 0;
    }

    /** The block as it stands now, without escape sequences (what {@link #redraw} draws). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (build == null) {
            lines.add("waiting for " + waitingFor);
        } else {
            lines.add(BuildHeadline.of(build));
            for (StageEntry entry : build.stages()) {
                lines.add("  " + StageLines.mark(entry) + " " + StageLines.pad(StageLines.label(entry))
                        + StageLines.describe(entry, entry.finished() ? null : times.now()));
            }
            if (!ended(build)) {
                Set<String> present = build.stages().stream().map(StageEntry::stage).collect(Collectors.toSet());
                PIPELINE.stream().filter(stage -> !present.contains(stage))
                        .forEach(stage -> lines.add("  · " + StageLines.pad(stage) + "pending"));
            }
        }
        if (note != null) {
            lines.add(note);
        }
        return lines;
    }

    private static boolean ended(BuildSummary build) {
        return build.is(BuildSummary.FAILED) || build.is(BuildSummary.SUPERSEDED) || build.is(BuildSummary.SERVED);
    }

    private void redraw() {
        List<String> lines = lines();
        if (drawn > 0) {
            out.print("\u001b[" + drawn + "F");
        }
        for (String line : lines) {
            out.print(CLEAR_LINE + (line.length() < width ? line : line.substring(0, width - 2) + "…") + "\n");
        }
        // a block that shrank (a note gone) leaves blank lines, cleared, below it
        for (int extra = lines.size(); extra < drawn; extra++) {
            out.print(CLEAR_LINE + "\n");
        }
        drawn = Math.max(drawn, lines.size());
        out.flush();
    }
}
