package dev.slipway.infrastructure.files;

import java.nio.file.Path;

/**
 * A state file exists but cannot be read: truncated or corrupted by a crash of an earlier version
 * that did not write atomically, a full disk, or a hand edit. The message names the file, so an
 * operator can look at it, restore it, or move it aside; the service reports it and goes on with
 * the rest of its state instead of refusing to start.
 */
public final class UnreadableStateFileException extends RuntimeException {
    private final Path file;

    public UnreadableStateFileException(Path file, Throwable cause) {
        super("the state file " + file + " cannot be read (" + firstLine(cause.getMessage())
                + "); it is left as it is: restore it from a backup, or move it aside to start that part afresh", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
