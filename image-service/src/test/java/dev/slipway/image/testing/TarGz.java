package dev.slipway.image.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds the source archives tests serve, including hostile ones that no honest tool would write. */
public final class TarGz {
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(String name, byte type, byte[] content, String linkName, int mode) {
    }

    public static TarGz archive() {
        return new TarGz();
    }

    public TarGz file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarGz file(String name, byte[] content) {
        entries.add(new Entry(name, TarArchiveEntry.LF_NORMAL, content, null, 0100644));
        return this;
    }

    public TarGz executable(String name, String content) {
        entries.add(new Entry(name, TarArchiveEntry.LF_NORMAL, content.getBytes(StandardCharsets.UTF_8), null, 0100755));
        return this;
    }

    public TarGz directory(String name) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR, new byte[0], null, 040755));
        return this;
    }

    public TarGz symlink(String name, String target) {
        entries.add(new Entry(name, TarArchiveEntry.LF_SYMLINK, new byte[0], target, 0120777));
        return this;
    }

    public TarGz hardlink(String name, String target) {
        entries.add(new Entry(name, TarArchiveEntry.LF_LINK, new byte[0], target, 0100644));
        return this;
    }

    public TarGz fifo(String name) {
        entries.add(new Entry(name, TarArchiveEntry.LF_FIFO, new byte[0], null, 010644));
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                // The (name, flag) constructor keeps names as given: no stripping of '/' or '..'.
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.name(), entry.type(), true);
                tarEntry.setMode(entry.mode());
                tarEntry.setModTime(1_700_000_000_000L);
                if (entry.linkName() != null) {
                    tarEntry.setLinkName(entry.linkName());
                }
                if (entry.type() == TarArchiveEntry.LF_NORMAL) {
                    tarEntry.setSize(entry.content().length);
                }
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
