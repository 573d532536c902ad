package dev.slipway.infrastructure.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.kafka.EventCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A service's state kept as small JSON files, written with {@link AtomicFiles}. The contract's
 * mapper is used, so events and value types read back exactly as they travel on Kafka.
 */
public final class JsonStateFiles {
    private static final ObjectMapper JSON = EventCodec.json();

    private JsonStateFiles() {
    }

    /**
     * @return the file's value, or empty when there is no such file
     * @throws UnreadableStateFileException when the file is there but is not a whole, valid value
     */
    public static <T> Optional<T> read(Path file, Class<T> type) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(JSON.readValue(content, type));
        } catch (IOException e) {
            throw new UnreadableStateFileException(file, e);
        }
    }

    /** Replaces the file with {@code value}, atomically and durably. */
    public static void write(Path file, Object value) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
