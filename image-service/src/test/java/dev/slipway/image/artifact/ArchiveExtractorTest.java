package dev.slipway.image.artifact;

import dev.slipway.image.testing.TarGz;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archives are hostile input: nothing may land or point outside the build directory. */
class ArchiveExtractorTest {
    @TempDir
    Path temp;
    private Path archive;
    private Path build;

    @BeforeEach
    void layout() throws Exception {
        archive = temp.resolve("source.tar.gz");
        build = Files.createDirectories(temp.resolve("work/build"));
    }

    @Test
    void aSourceTreeIsExtractedWithItsExecutableBitsAndInnerLinks() throws Exception {
        write(TarGz.archive()
                .directory("bin")
                .executable("bin/start.sh", "#!/bin/sh\necho hi\n")
                .file("./README.md", "read me\n")
                .symlink("docs", "bin")
                .symlink("bin/readme", "../README.md")
                .hardlink("COPYING", "README.md"));

        extractor(100, 1_000_000).extract(archive, build);

        assertTrue(Files.isExecutable(build.resolve("bin/start.sh")));
        assertFalse(Files.isExecutable(build.resolve("README.md")));
        assertEquals("read me\n", Files.readString(build.resolve("bin/readme")));
        assertEquals("read me\n", Files.readString(build.resolve("COPYING")));
        assertTrue(Files.isSymbolicLink(build.resolve("docs")));
    }

    @Test
    void anEntryWithDotDotIsRejected() throws Exception {
        write(TarGz.archive().file("ok.txt", "fine").file("src/../../escape.txt", "owned"));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
        assertEquals("archive entry 'src/../../escape.txt' contains '..' and would escape the build directory", e.getMessage());
        assertFalse(Files.exists(temp.resolve("work/escape.txt")));
        assertFalse(e.retryable());
    }

    @Test
    void anAbsoluteEntryIsRejected() throws Exception {
        write(TarGz.archive().file("/tmp/absolute.txt", "owned"));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
        assertEquals("archive entry '/tmp/absolute.txt' is an absolute path", e.getMessage());
    }

    @Test
    void aSymlinkThatPointsOutsideIsRejected() throws Exception {
        write(TarGz.archive().symlink("etc", "../../../etc"));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
        assertEquals("archive entry 'etc' is a link to '../../../etc', outside the build directory", e.getMessage());
    }

    @Test
    void anAbsoluteSymlinkIsRejected() throws Exception {
        write(TarGz.archive().symlink("passwd", "/etc/passwd"));
        assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
    }

    @Test
    void aFileIsNeverWrittenThroughALinkThatLeadsOutside() throws Exception {
        // Writing through a link that stays inside is fine; the one that would lead out is refused before the file.
        write(TarGz.archive().symlink("here", ".").file("here/inside.txt", "fine").symlink("up", "..").file("up/owned.txt", "owned"));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
        assertEquals("archive entry 'up' is a link to '..', outside the build directory", e.getMessage());
        assertEquals("fine", Files.readString(build.resolve("inside.txt")));
        assertFalse(Files.exists(temp.resolve("work/owned.txt")));
    }

    @Test
    void aChainOfInsideLinksThatLeadsOutsideIsRejected() throws Exception {
        // Each link looks inside on its own; resolved together, x/y/l is the build directory's parent.
        write(TarGz.archive().symlink("a", ".").directory("x/y").symlink("x/y/l", "../../a/.."));
        assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
    }

    @Test
    void aHardLinkToAFileOutsideIsRejected() throws Exception {
        write(TarGz.archive().hardlink("shadow", "../../etc/shadow"));
        assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
    }

    @Test
    void aDeviceOrFifoIsRejected() throws Exception {
        write(TarGz.archive().fifo("pipe"));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(100, 1_000_000).extract(archive, build));
        assertTrue(e.getMessage().startsWith("archive entry 'pipe' is a device, FIFO or other special file"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRejected() throws Exception {
        TarGz many = TarGz.archive();
        for (int i = 0; i < 11; i++) {
            many.file("f" + i, "x");
        }
        write(many);
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(10, 1_000_000).extract(archive, build));
        assertEquals("the archive has more than 10 entries (slipway.image.artifacts.max-entries)", e.getMessage());
    }

    @Test
    void tooManyBytesAreRejectedWhileExtracting() throws Exception {
        write(TarGz.archive().file("a", "x".repeat(600)).file("b", "y".repeat(600)));
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor(10, 1000).extract(archive, build));
        assertEquals("the archive extracts to more than 1000 bytes (slipway.image.artifacts.max-extracted-bytes)", e.getMessage());
    }

    @Test
    void somethingThatIsNotATarGzIsRejectedClearly() throws Exception {
        Files.writeString(archive, "<html>not an archive</html>");
        ArtifactRejectedException e = assertThrows(ArtifactRejectedException.class, () -> extractor(10, 1000).extract(archive, build));
        assertTrue(e.getMessage().startsWith("the archive is not a readable tar.gz"), e.getMessage());
    }

    private void write(TarGz tar) throws Exception {
        Files.write(archive, tar.bytes());
    }

    private static ArchiveExtractor extractor(int maxEntries, long maxBytes) {
        return new ArchiveExtractor(new ArtifactConfiguration(List.of("http://127.0.0.1:8082/"), 1_000_000, maxEntries, maxBytes,
                Duration.ofSeconds(5), Duration.ofSeconds(30), null));
    }
}
