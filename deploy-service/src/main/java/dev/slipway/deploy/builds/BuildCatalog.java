package dev.slipway.deploy.builds;

import dev.slipway.deploy.DeployConfiguration;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.files.JsonStateFiles;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every build's image, per plan, in {@code <state-dir>/builds/<plan>.json}. A rollback needs the
 * image of a build from long ago, after any number of restarts, so this is on disk. A plan whose
 * file cannot be read throws {@link dev.slipway.infrastructure.files.UnreadableStateFileException}
 * (naming the file) on every use, and leaves the other plans alone.
 */
@Singleton
public class BuildCatalog {
    private final Path directory;

    public BuildCatalog(DeployConfiguration configuration) {
        this.directory = configuration.stateDir().resolve("builds");
    }

    /** Remembers the build's image; the same event seen again changes nothing. */
    public synchronized BuildRecord remember(ImageBuilt event) {
        List<BuildRecord> builds = load(event.plan());
        Optional<BuildRecord> known = builds.stream().filter(b -> b.build().equals(event.build())).findFirst();
        if (known.isPresent() && known.get().imageBuiltId().equals(event.eventId())) {
            return known.get();
        }
        // A build rebuilt under the same number (image-service redelivered, say) takes the newer image.
        builds.removeIf(b -> b.build().equals(event.build()));
        BuildRecord record = BuildRecord.of(event);
        builds.add(record);
        save(event.plan(), builds);
        return record;
    }

    public synchronized void markRequestsIssued(BuildRecord record) {
        List<BuildRecord> builds = load(record.build().plan());
        builds.replaceAll(b -> b.imageBuiltId().equals(record.imageBuiltId()) ? b.withRequestsIssued() : b);
        save(record.build().plan(), builds);
    }

    public synchronized Optional<BuildRecord> find(PlanName plan, BuildNumber number) {
        return load(plan).stream().filter(b -> b.build().number().equals(number)).findFirst();
    }

    public synchronized List<BuildRecord> all(PlanName plan) {
        return List.copyOf(load(plan));
    }

    private List<BuildRecord> load(PlanName plan) {
        return JsonStateFiles.read(file(plan), BuildRecord[].class).map(a -> new ArrayList<>(List.of(a))).orElseGet(ArrayList::new);
    }

    private void save(PlanName plan, List<BuildRecord> builds) {
        builds.sort(Comparator.comparing(b -> b.build().number()));
        JsonStateFiles.write(file(plan), builds);
    }

    private Path file(PlanName plan) {
        // Plan names are DNS labels: safe as file names.
        return directory.resolve(plan.value() + ".json");
    }
}
