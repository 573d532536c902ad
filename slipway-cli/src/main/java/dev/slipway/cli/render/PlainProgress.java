package dev.slipway.cli.render;

import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.StageEntry;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * One line per change, never rewritten: for pipes, CI logs and files. Each stage line starts with the
 * time status-service recorded for that change.
 */
public final class PlainProgress implements ProgressView {
    private final PrintWriter out;
    private final Times times;
    private final Map<String, String> seen = new HashMap<>();
    private String waitingFor;
    private BuildSummary last;

    public PlainProgress(PrintWriter out, Times times) {
        this.out = out;
        this.times = times;
    }

    @Override
    public void waitingFor(String what) {
        if (!what.equals(waitingFor)) {
            waitingFor = what;
            print("waiting for " + what);
            out.flush();
        }
    }

    @Override
    public void update(BuildSummary build) {
        if (last == null) {
            print(BuildHeadline.of(build));
        } else if (last.number() == null && build.number() != null) {
            print(build.plan() + " commit " + build.shortCommit() + " is build #" + build.number());
        }
        Map<String, Integer> occurrences = new HashMap<>();
        for (StageEntry entry : build.stages()) {
            String label = StageLines.label(entry);
            // a build deployed twice to one environment has two entries of the same label
            String key = label + "#" + occurrences.merge(label, 1, Integer::sum);
            String line = StageLines.describe(entry, null);
            if (!line.equals(seen.put(key, line))) {
                print(times.clock(changedAt(entry)) + "  " + StageLines.pad(label) + line);
            }
        }
        if (build.is(BuildSummary.BUILT) && (last == null || !last.is(BuildSummary.BUILT))) {
            print(times.clock(build.updatedAt()) + "  " + StageLines.pad("build") + "built; no deployment requested yet");
        }
        last = build;
        out.flush();
    }

    private static java.time.Instant changedAt(StageEntry entry) {
        if (entry.finishedAt() != null) {
            return entry.finishedAt();
        }
        return entry.began();
    }

    @Override
    public void tick() {
        // a line per change only: nothing to redraw
    }

    @Override
    public void note(String text) {
        print(text);
        out.flush();
    }

    @Override
    public void finish(String text) {
        print(text);
        out.flush();
    }

    private void print(String line) {
        out.println(line);
    }
}
