package dev.slipway.image.artifact;

import dev.slipway.events.domain.Quoted;
import jakarta.inject.Singleton;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Unpacks a source {@code tar.gz} into a build directory, treating it as hostile: no entry may land
 * or point outside the directory, and the entry count and the bytes written are capped while
 * reading, so a crafted archive cannot fill the disk. Entry names are attacker-chosen and end up
 * in events and logs, so messages carry them {@link Quoted}.
 *
 * <p>Hard links are materialised as copies: a link shares its target's inode, and a later entry
 * written through it could change a file the check already approved.
 */
@Singleton
public class ArchiveExtractor {
    private final ArtifactConfiguration configuration;

    public ArchiveExtractor(ArtifactConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * @param archive   a gzip-compressed tar
     * @param directory an empty directory that receives the tree
     * @throws UnsafeArchiveException    when an entry would escape {@code directory} or a limit is exceeded
     * @throws ArtifactRejectedException when the archive is not a readable tar.gz
     * @throws IOException               when the build directory cannot be written
     */
    public void extract(Path archive, Path directory) throws IOException {
        try {
            unpack(archive, directory.toRealPath());
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // commons-compress reports a corrupt gzip stream or tar header as a plain IOException
            throw new ArtifactRejectedException("the archive is not a readable tar.gz: " + e.getMessage());
        }
    }

    private void unpack(Path archive, Path root) throws IOException {
        long entries = 0;
        long bytes = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > configuration.maxEntries()) {
                    throw new UnsafeArchiveException("the archive has more than " + configuration.maxEntries()
                            + " entries (slipway.image.artifacts.max-entries)");
                }
                String name = entry.getName();
                Path target = resolveInside(root, name);
                if (target.equals(root)) {
                    continue;
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw special(name);
                } else if (entry.isDirectory()) {
                    ensureDirectory(root, target, name);
                } else if (entry.isSymbolicLink()) {
                    writeSymlink(root, target, name, entry.getLinkName());
                } else if (entry.isLink()) {
                    bytes += copyHardLink(root, target, name, entry.getLinkName(), configuration.maxExtractedBytes() - bytes);
                } else if (entry.isFile()) {
                    bytes += writeFile(root, target, name, tar, entry, configuration.maxExtractedBytes() - bytes);
                } else {
                    throw special(name);
                }
            }
        }
        verifyLinks(root);
    }

    /**
     * Each link was checked when it was written, but lexically: a chain of links can still lead
     * outside once they all exist ({@code a -> .} and {@code x/y/l -> ../../a/..}), so the finished
     * tree is resolved for real.
     */
    private static void verifyLinks(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path link : (Iterable<Path>) paths.filter(Files::isSymbolicLink)::iterator) {
                Path real;
                try {
                    real = link.toRealPath();
                } catch (NoSuchFileException dangling) {
                    continue;
                } catch (FileSystemException loop) {
                    throw new UnsafeArchiveException("archive entry " + Quoted.of(root.relativize(link).toString())
                            + " is a link that cannot be resolved (a loop?)");
                }
                if (!real.startsWith(root)) {
                    throw new UnsafeArchiveException("archive entry " + Quoted.of(root.relativize(link).toString())
                            + " is a link that leads outside the build directory");
                }
            }
        }
    }

    private Path resolveInside(Path root, String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " has an empty name, a NUL or a backslash");
        }
        if (name.startsWith("/")) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " is an absolute path");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " contains '..' and would escape the build directory");
            }
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " would escape the build directory");
        }
        return target;
    }

    /** Creates {@code dir} and its parents, checking that no existing link on the way leads outside. */
    private void ensureDirectory(Path root, Path dir, String name) throws IOException {
        if (dir.equals(root)) {
            return;
        }
        ensureDirectory(root, dir.getParent(), name);
        if (Files.isSymbolicLink(dir)) {
            Path real = dir.toRealPath();
            if (!real.startsWith(root) || !Files.isDirectory(real)) {
                throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " goes through a link that leaves the build directory");
            }
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
    }

    private Path parentInside(Path root, Path target, String name) throws IOException {
        Path parent = target.getParent();
        ensureDirectory(root, parent, name);
        if (!parent.toRealPath().startsWith(root)) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " goes through a link that leaves the build directory");
        }
        return parent;
    }

    private long writeFile(Path root, Path target, String name, InputStream content, TarArchiveEntry entry, long budget)
            throws IOException {
        parentInside(root, target, name);
        replaceable(target, name);
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int read;
            while ((read = content.read(buffer)) != -1) {
                written += read;
                if (written > budget) {
                    throw extractedTooLarge();
                }
                out.write(buffer, 0, read);
            }
        }
        boolean executable = (entry.getMode() & 0100) != 0;
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        Files.setLastModifiedTime(target, FileTime.from(entry.getLastModifiedDate().toInstant()));
        return written;
    }

    private void writeSymlink(Path root, Path target, String name, String linkName) throws IOException {
        if (linkName == null || linkName.isEmpty() || linkName.startsWith("/") || linkName.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " is a link to "
                    + Quoted.of(linkName) + ", which is absolute or empty");
        }
        Path parent = parentInside(root, target, name);
        Path pointsTo = parent.toRealPath().resolve(linkName).normalize();
        if (!pointsTo.startsWith(root)) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " is a link to " + Quoted.of(linkName)
                    + ", outside the build directory");
        }
        replaceable(target, name);
        Files.createSymbolicLink(target, parent.getFileSystem().getPath(linkName));
    }

    private long copyHardLink(Path root, Path target, String name, String linkName, long budget) throws IOException {
        Path source = resolveInside(root, linkName == null ? "" : linkName);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) || !source.toRealPath().startsWith(root)) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " is a hard link to " + Quoted.of(linkName)
                    + ", which is not an earlier regular file of the archive");
        }
        long size = Files.size(source);
        if (size > budget) {
            throw extractedTooLarge();
        }
        parentInside(root, target, name);
        replaceable(target, name);
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return size;
    }

    /** A later entry of the same name replaces an earlier file or link (as tar does), never a directory. */
    private static void replaceable(Path target, String name) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException("archive entry " + Quoted.of(name) + " would replace a directory");
        }
        Files.deleteIfExists(target);
    }

    private static UnsafeArchiveException special(String name) {
        return new UnsafeArchiveException("archive entry " + Quoted.of(name)
                + " is a device, FIFO or other special file; a source archive may hold only files, directories and links");
    }

    private UnsafeArchiveException extractedTooLarge() {
        return new UnsafeArchiveException("the archive extracts to more than " + configuration.maxExtractedBytes()
                + " bytes (slipway.image.artifacts.max-extracted-bytes)");
    }
}
