package dev.slipway.image.records;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PlanName;
import dev.slipway.image.testing.Artifacts;
import dev.slipway.infrastructure.files.UnreadableStateFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Build records on disk: read back as written, and a broken one named, never hiding the others. */
class BuildStoreTest {
    private static final PlanName PLAN = PlanName.of("shop");

    @TempDir
    Path storage;

    @Test
    void aSavedRecordAndItsEventReadBack() {
        BuildStore store = new BuildStore(storage);
        BuildRecord record = queued(1);
        store.save(record);
        store.rememberEvent(record.artifact().eventId(), record.build());

        assertEquals(record, store.find(record.build()).orElseThrow());
        assertEquals(record.build(), store.findByEvent(record.artifact().eventId()).orElseThrow());
        assertTrue(store.find(BuildId.of(PLAN, 2)).isEmpty());
        assertTrue(store.findByEvent(EventId.random()).isEmpty());
    }

    @Test
    void aTruncatedRecordIsNamedAndLeftOutWhileTheOthersAreRead() throws Exception {
        BuildStore store = new BuildStore(storage);
        BuildRecord good = queued(1);
        store.save(good);
        store.save(queued(2));
        Path truncated = storage.resolve("shop/2/build.json");
        String whole = Files.readString(truncated);
        Files.writeString(truncated, whole.substring(0, whole.length() / 2));

        List<UnreadableStateFileException> unreadable = new ArrayList<>();
        assertEquals(List.of(good), store.all(unreadable::add));
        assertEquals(1, unreadable.size());
        assertEquals(truncated, unreadable.get(0).file());

        UnreadableStateFileException e = assertThrows(UnreadableStateFileException.class, () -> store.find(BuildId.of(PLAN, 2)));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
    }

    @Test
    void anEventEntryThatNamesNoBuildIsNamed() throws Exception {
        BuildStore store = new BuildStore(storage);
        EventId event = EventId.random();
        store.rememberEvent(event, BuildId.of(PLAN, 1));
        Path entry = storage.resolve(".events").resolve(event.toString());
        Files.writeString(entry, "sho");

        UnreadableStateFileException e = assertThrows(UnreadableStateFileException.class, () -> store.findByEvent(event));
        assertEquals(entry, e.file());
    }

    private static BuildRecord queued(long number) {
        byte[] archive = {1, 2, 3};
        ArtifactStored artifact = Artifacts.stored(PLAN, number, URI.create("http://127.0.0.1:8082/a/shop/" + number + ".tar.gz"),
                archive, Artifacts.descriptor(PLAN).build());
        return BuildRecord.queued(artifact, List.of(ImageReference.of("127.0.0.1:5000", "shop", "1.0.0-" + number)));
    }
}
