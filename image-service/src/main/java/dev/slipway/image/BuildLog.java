package dev.slipway.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One build's log: the engine's output as it printed it, and Slipway's own steps as
 * {@code [slipway]} lines. Written through to disk as it happens, so {@code GET .../log} shows a
 * build in progress. Nothing secret is ever written here: registry credentials go to the engine
 * in a header, never through a log line.
 */
public final class BuildLog implements AutoCloseable {
    private final Writer writer;

    private BuildLog(Writer writer) {
        this.writer = writer;
    }

    public static BuildLog appendingTo(Path file) {
        try {
            return new BuildLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the build log " + file, e);
        }
    }

    /** Output of a tool, kept as it was (it brings its own line ends). */
    public synchronized void raw(String text) {
        write(text);
    }

    /** A step of Slipway's own, with the time (to the millisecond: steps of a build often take less than a second). */
    public synchronized void line(String text) {
        write("[slipway " + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "] " + text + "\n");
    }

    private void write(String text) {
        try {
            writer.write(text);
            writer.flush();
        } catch (IOException e) {
            // A full disk must not turn a good build into a failed one; the build's record still says how it ended.
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // nothing more can be written either way
        }
    }
}
