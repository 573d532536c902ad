package dev.slipway.infrastructure.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * New content on its way to its place: written to a temporary file, then {@linkplain #commit
 * committed} (forced to disk, renamed into place, and the rename forced to disk too). Closed
 * without a commit, the temporary file is removed and nothing else has changed.
 */
public final class StagedFile implements AutoCloseable {
    /** The rename into place; tests replace it to stand for a crash just before it. */
    @FunctionalInterface
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    static final Rename FILE_SYSTEM = StagedFile::moveIntoPlace;
    private static final int BUFFER = 1 << 16;

    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream output;
    private final Rename rename;
    private boolean committed;

    private StagedFile(Path temporary, Rename rename) throws IOException {
        this.temporary = temporary;
        this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
        this.output = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        this.rename = rename;
    }

    static StagedFile in(Path directory, String prefix) throws IOException {
        return in(directory, prefix, FILE_SYSTEM);
    }

    static StagedFile in(Path directory, String prefix, Rename rename) throws IOException {
        return new StagedFile(Files.createTempFile(directory, prefix, ".tmp"), rename);
    }

    /** Where the content goes; it need not be closed. */
    public OutputStream output() {
        return output;
    }

    /** Puts the content at {@code target}, replacing what was there, durably. */
    public void commit(Path target) throws IOException {
        if (committed) {
            throw new IllegalStateException(temporary + " was committed already");
        }
        output.flush();
        channel.force(true);
        channel.close();
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        rename.move(temporary, target);
        committed = true;
        forceDirectory(directory);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (!committed) {
            Files.deleteIfExists(temporary);
        }
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException noAtomicRename) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces a directory's entries to disk, so a rename in it survives a power loss. Some file
     * systems cannot open a directory for that; there the rename is as durable as they make it.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel handle = FileChannel.open(directory, StandardOpenOption.READ)) {
            handle.force(true);
        } catch (IOException notSupportedHere) {
            // Windows and some network file systems refuse to open a directory: nothing more to do there.
        }
    }
}
