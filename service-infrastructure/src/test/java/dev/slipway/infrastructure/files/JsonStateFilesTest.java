package dev.slipway.infrastructure.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonStateFilesTest {
    @TempDir
    Path directory;

    record Ledger(String plan, int build) {
    }

    @Test
    void aValueReadsBackAsItWasWritten() {
        Path file = directory.resolve("shop.json");
        JsonStateFiles.write(file, new Ledger("shop", 7));
        assertEquals(Optional.of(new Ledger("shop", 7)), JsonStateFiles.read(file, Ledger.class));
    }

    @Test
    void aMissingFileIsNoValue() {
        assertEquals(Optional.empty(), JsonStateFiles.read(directory.resolve("none.json"), Ledger.class));
    }

    @Test
    void aTruncatedFileIsReportedWithItsPath() throws IOException {
        Path file = directory.resolve("shop.json");
        Files.writeString(file, "{\"plan\": \"shop\", \"bui");

        UnreadableStateFileException e = assertThrows(UnreadableStateFileException.class, () -> JsonStateFiles.read(file, Ledger.class));

        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("move it aside"), "it says what to do: " + e.getMessage());
        assertEquals("{\"plan\": \"shop\", \"bui", Files.readString(file), "the file is left for a person to look at");
    }

    @Test
    void anEmptyFileIsReportedToo() throws IOException {
        Path file = directory.resolve("empty.json");
        Files.createFile(file);
        assertThrows(UnreadableStateFileException.class, () -> JsonStateFiles.read(file, Ledger.class));
    }
}
