package dev.slipway.artifact.archive;

import jakarta.inject.Singleton;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a commit's tree as a {@code tar.gz} whose bytes depend on nothing but the tree, the commit
 * time and the compression level, so that the same commit always has the same sha256:
 * <ul>
 *   <li>entries in Git's tree order (names sorted bytewise, a directory as if its name ended in
 *       {@code /}), each directory before its contents;</li>
 *   <li>every entry's time is the commit's committer time; owner and group are 0 with no names;</li>
 *   <li>modes are 0644 for files, 0755 for executables and directories, 0777 for symbolic links
 *       (which stay links, with the target Git stores);</li>
 *   <li>submodules and anything named {@code .git} (or {@code .}, {@code ..}) are left out;</li>
 *   <li>long or non-ASCII names use PAX headers; the gzip header has no time and no file name.</li>
 * </ul>
 */
@Singleton
public final class SourceArchiver {
    private static final int TAR_HEADER_BYTES = 512;
    private static final int MAX_LINK_TARGET = 4096;
    private static final Set<String> UNSAFE_NAMES = Set.of(Constants.DOT_GIT, ".", "..");
    /** "Unknown" in RFC 1952, so that the archive is the same whichever system wrote it. */
    private static final int GZIP_OS_UNKNOWN = 255;

    private final ArchiveConfiguration configuration;

    public SourceArchiver(ArchiveConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * Writes the archive to {@code out} and leaves {@code out} open.
     *
     * @throws ArchiveTooLargeException when the tree holds more than {@code slipway.artifact.archive.max-bytes}
     */
    public void write(Repository repository, RevCommit commit, OutputStream out) throws IOException {
        Instant time = commit.getCommitterIdent().getWhenAsInstant();
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(configuration.compressionLevel());
        gzip.setModificationTime(0);
        gzip.setOperatingSystem(GZIP_OS_UNKNOWN);
        long total = 0;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(new KeepOpen(out), gzip), StandardCharsets.UTF_8.name());
             ObjectReader reader = repository.newObjectReader();
             TreeWalk walk = new TreeWalk(repository, reader)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            walk.addTree(commit.getTree());
            walk.setRecursive(false);
            while (walk.next()) {
                if (UNSAFE_NAMES.contains(walk.getNameString().toLowerCase(Locale.ROOT))) {
                    continue; // the fetch's object checks refuse these; an unchecked tree may still carry one
                }
                String path = walk.getPathString();
                FileMode mode = walk.getFileMode(0);
                total += TAR_HEADER_BYTES;
                if (mode == FileMode.TREE) {
                    tar.putArchiveEntry(entry(path + "/", TarConstants.LF_DIR, 040755, time));
                    tar.closeArchiveEntry();
                    walk.enterSubtree();
                } else if (mode == FileMode.SYMLINK) {
                    ObjectLoader blob = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
                    if (blob.getSize() > MAX_LINK_TARGET) {
                        throw new ArchiveTooLargeException("the symbolic link " + path + " in commit " + commit.name()
                                + " has a target longer than " + MAX_LINK_TARGET + " bytes");
                    }
                    byte[] target = blob.getCachedBytes(MAX_LINK_TARGET);
                    TarArchiveEntry link = entry(path, TarConstants.LF_SYMLINK, 0120777, time);
                    link.setLinkName(new String(target, StandardCharsets.UTF_8));
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    ObjectLoader blob = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
                    total += blob.getSize();
                    if (total > configuration.maxBytes()) {
                        throw new ArchiveTooLargeException("the tree of commit " + commit.name() + " holds more than "
                                + configuration.maxBytes() + " bytes (slipway.artifact.archive.max-bytes)");
                    }
                    TarArchiveEntry file = entry(path, TarConstants.LF_NORMAL,
                            mode == FileMode.EXECUTABLE_FILE ? 0100755 : 0100644, time);
                    file.setSize(blob.getSize());
                    tar.putArchiveEntry(file);
                    blob.copyTo(tar);
                    tar.closeArchiveEntry();
                }
                // Anything else is a submodule (a commit in another repository): not part of this tree's content.
            }
            tar.finish();
        }
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, Instant time) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode(mode);
        entry.setModTime(time.getEpochSecond() * 1000);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    /** The caller owns the stream; closing the tar and gzip streams must finish them without closing it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
