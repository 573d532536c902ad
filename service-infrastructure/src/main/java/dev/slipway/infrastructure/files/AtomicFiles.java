package dev.slipway.infrastructure.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files that are replaced whole and survive a crash or a power loss: the new content goes to a
 * temporary file of its own (a unique name beside the target, so two writers never share one), is
 * forced to disk, and is renamed over the target; then the directory is forced, so that the rename
 * itself is on disk. A crash at any point leaves the old content or the new, never a mix or an
 * empty file. Where the file system cannot rename atomically the file is still replaced, without
 * that promise.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code file} with {@code content}, creating its directory where needed. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, out -> out.write(content));
    }

    /** Replaces {@code file} with what {@code content} writes, streamed. */
    public static void write(Path file, Content content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        try (StagedFile staged = StagedFile.in(directory, "." + file.getFileName() + ".")) {
            content.writeTo(staged.output());
            staged.commit(file);
        }
    }

    /**
     * A file whose name is known only once it is written (one named by its digest): write it into
     * {@code directory}, then {@link StagedFile#commit commit} it to its name. Content-addressed
     * files can be committed by several writers at once: they hold the same bytes, and the last
     * rename wins.
     */
    public static StagedFile stage(Path directory) throws IOException {
        Files.createDirectories(directory);
        return StagedFile.in(directory, "staged-");
    }
}
