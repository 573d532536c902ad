package dev.slipway.infrastructure.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path directory;

    @Test
    void aWriteReplacesTheWholeFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = directory.resolve("state/plan.json");

        AtomicFiles.write(file, "{\"build\": 1}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "{\"build\": 2}".getBytes(StandardCharsets.UTF_8));

        assertEquals("{\"build\": 2}", Files.readString(file));
        assertEquals(List.of(file), files(file.getParent()), "only the file itself is left");
    }

    @Test
    void aWriterThatFailsHalfwayLeavesTheOldContent() throws IOException {
        Path file = directory.resolve("plan.json");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));

        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));

        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), files(directory), "the half-written temporary file is removed");
    }

    /**
     * A real crash: a second JVM writes the new content, is killed (SIGKILL) after the write and
     * before the rename, and the file must still hold the old, whole content.
     */
    @Test
    void aProcessKilledBetweenWriteAndRenameLeavesTheOldFileReadable() throws Exception {
        Path file = directory.resolve("ledger.json");
        JsonStateFiles.write(file, Map.of("build", 1));

        Process writer = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line = output.readLine();
            assertEquals(CrashingWriter.STAGED, line, "the writer reached the rename");
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        }

        assertEquals(Map.of("build", 1), JsonStateFiles.read(file, Map.class).orElseThrow(), "the old content is whole");
        List<Path> left = files(directory).stream().filter(p -> !p.equals(file)).toList();
        assertEquals(1, left.size(), "the crashed write left its temporary file: " + left);
        assertEquals("{\"build\":2}", Files.readString(left.get(0)), "which holds the whole new content, forced before the rename");

        JsonStateFiles.write(file, Map.of("build", 3));
        assertEquals(Map.of("build", 3), JsonStateFiles.read(file, Map.class).orElseThrow(), "the next write works");
    }

    @Test
    void aStagedFileIsNamedOnlyWhenItIsComplete() throws IOException {
        Path blob;
        try (StagedFile staged = AtomicFiles.stage(directory.resolve("tmp"))) {
            staged.output().write("archive bytes".getBytes(StandardCharsets.UTF_8));
            blob = directory.resolve("blobs/ab/abcd.tar.gz");
            assertTrue(Files.notExists(blob));
            staged.commit(blob);
        }
        assertEquals("archive bytes", Files.readString(blob));
        assertEquals(List.of(), files(directory.resolve("tmp")));
    }

    @Test
    void aStagedFileClosedWithoutCommitLeavesNothing() throws IOException {
        try (StagedFile staged = AtomicFiles.stage(directory)) {
            staged.output().write(1);
        }
        assertEquals(List.of(), files(directory));
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Writes {"build":2} over the file given, says so, and waits to be killed before the rename. */
    public static final class CrashingWriter {
        static final String STAGED = "staged";

        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            StagedFile staged = StagedFile.in(file.getParent(), "." + file.getFileName() + ".", (from, to) -> {
                System.out.println(STAGED);
                System.out.flush();
                try {
                    Thread.sleep(60_000); // killed here, by the test
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
            staged.output().write("{\"build\":2}".getBytes(StandardCharsets.UTF_8));
            staged.commit(file);
        }
    }
}
