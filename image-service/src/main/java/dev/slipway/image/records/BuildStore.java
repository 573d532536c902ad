package dev.slipway.image.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.kafka.EventCodec;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Each build on the filesystem, under {@code <storage>/<plan>/<number>/}: {@code build.json} (the
 * record), {@code build.log} and {@code Dockerfile} (what was built). Event ids seen are kept in
 * {@code <storage>/.events/}, so a redelivered event is recognised after a restart too. Records are
 * replaced atomically, so a reader never sees half of one.
 */
@Singleton
public class BuildStore {
    private static final String RECORD = "build.json";
    private static final String EVENTS = ".events";
    private static final ObjectMapper JSON = EventCodec.json();

    private final Path root;

    public BuildStore(BuildsConfiguration configuration) {
        this.root = configuration.storageDirectory();
        try {
            Files.createDirectories(root.resolve(EVENTS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the build storage " + root + " (slipway.image.builds.storage-directory)", e);
        }
    }

    public Optional<BuildRecord> find(BuildId build) {
        Path file = directory(build).resolve(RECORD);
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), BuildRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build record " + file, e);
        }
    }

    public void save(BuildRecord record) {
        write(directory(record.build()).resolve(RECORD), bytes(record));
    }

    public List<BuildRecord> all() {
        List<BuildRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> path.getFileName().toString().equals(RECORD))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                records.add(JSON.readValue(Files.readAllBytes(file), BuildRecord.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build records under " + root, e);
        }
        return records;
    }

    public Optional<BuildId> findByEvent(EventId event) {
        try {
            return Optional.of(BuildId.parse(Files.readString(root.resolve(EVENTS).resolve(event.toString()), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event index", e);
        }
    }

    public void rememberEvent(EventId event, BuildId build) {
        write(root.resolve(EVENTS).resolve(event.toString()), build.toString().getBytes(StandardCharsets.UTF_8));
    }

    public Path logFile(BuildId build) {
        return directory(build).resolve("build.log");
    }

    public Path dockerfile(BuildId build) {
        return directory(build).resolve("Dockerfile");
    }

    public void saveDockerfile(BuildId build, String content) {
        write(dockerfile(build), content.getBytes(StandardCharsets.UTF_8));
    }

    /** Plan names are DNS labels and numbers are numbers, so this never leaves the storage root. */
    private Path directory(BuildId build) {
        return root.resolve(build.plan().value()).resolve(Long.toString(build.number().value()));
    }

    private static byte[] bytes(BuildRecord record) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the record of " + record.build(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".tmp-", "");
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
