package dev.slipway.image.records;

import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.EventId;
import dev.slipway.infrastructure.files.AtomicFiles;
import dev.slipway.infrastructure.files.JsonStateFiles;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Each build on the filesystem, under {@code <storage>/<plan>/<number>/}: {@code build.json} (the
 * record), {@code build.log} and {@code Dockerfile} (what was built). Event ids seen are kept in
 * {@code <storage>/.events/}, so a redelivered event is recognised after a restart too. Records are
 * replaced atomically and durably, so a reader never sees half of one.
 */
@Singleton
public class BuildStore {
    private static final String RECORD = "build.json";
    private static final String EVENTS = ".events";

    private final Path root;

    public BuildStore(@Property(name = "slipway.image.builds.storage-directory") Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve(EVENTS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the build storage " + root + " (slipway.image.builds.storage-directory)", e);
        }
    }

    /** @throws UnreadableStateFileException when the build's record is there but cannot be read */
    public Optional<BuildRecord> find(BuildId build) {
        return JsonStateFiles.read(recordFile(build), BuildRecord.class);
    }

    public void save(BuildRecord record) {
        JsonStateFiles.write(recordFile(record.build()), record);
    }

    /**
     * Every record that can be read. One that cannot is handed to {@code unreadable} and left out
     * (and left on disk as it is), so that it never hides the others.
     */
    public List<BuildRecord> all(Consumer<UnreadableStateFileException> unreadable) {
        List<BuildRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> path.getFileName().toString().equals(RECORD))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    JsonStateFiles.read(file, BuildRecord.class).ifPresent(records::add);
                } catch (UnreadableStateFileException e) {
                    unreadable.accept(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build records under " + root, e);
        }
        return records;
    }

    /** @throws UnreadableStateFileException when the event's entry is there but does not name a build */
    public Optional<BuildId> findByEvent(EventId event) {
        Path file = root.resolve(EVENTS).resolve(event.toString());
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event index " + file, e);
        }
        try {
            return Optional.of(BuildId.parse(content));
        } catch (IllegalArgumentException e) {
            throw new UnreadableStateFileException(file, e);
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

    private Path recordFile(BuildId build) {
        return directory(build).resolve(RECORD);
    }

    /** Plan names are DNS labels and numbers are numbers, so this never leaves the storage root. */
    private Path directory(BuildId build) {
        return root.resolve(build.plan().value()).resolve(Long.toString(build.number().value()));
    }

    private static void write(Path file, byte[] content) {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
