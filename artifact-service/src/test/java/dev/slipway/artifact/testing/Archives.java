package dev.slipway.artifact.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading archives back as a user would, and cleaning up after a test. */
public final class Archives {
    private Archives() {
    }

    public static List<TarArchiveEntry> entries(byte[] archive) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** Every entry, as "directory MODE", "file MODE CONTENT" or "link -> TARGET". */
    public static Map<String, String> contents(byte[] archive) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String mode = Integer.toOctalString(entry.getMode() & 0777);
                entries.put(entry.getName(), entry.isDirectory() ? "directory " + mode
                        : entry.isSymbolicLink() ? "link -> " + entry.getLinkName()
                        : "file " + mode + " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TarArchiveInputStream open(byte[] archive) throws IOException {
        return new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(archive)),
                StandardCharsets.UTF_8.name());
    }
}
