package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.Redacted;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tags and labels of a build's image, all derived from the event, none from the clock. */
final class ImageNaming {
    static final String PLAN_LABEL = "dev.slipway.plan";
    static final String BUILD_NUMBER_LABEL = "dev.slipway.build-number";

    private ImageNaming() {
    }

    /**
     * {@code <registry>/<plan>/<name>:<version>-<number>} first, then {@code :<short commit>}. The
     * plan leads the repository path because build numbers count per plan: two plans whose
     * descriptors share a name and version (two branches of one repository, or a repository that
     * copied another's {@code service.name}) reach the same number, and without the plan their
     * builds would push over each other's tags. Plans are unique and cannot hold a {@code /}, so
     * tags of different plans never collide.
     */
    static List<ImageReference> tags(String registry, ArtifactStored artifact) {
        ImageReference versioned = ImageReference.of(registry, artifact.plan().value() + "/" + artifact.descriptor().name(),
                artifact.descriptor().version() + "-" + artifact.build().number());
        return List.of(versioned, versioned.withTag(artifact.commit().shortSha()));
    }

    /** Labels are readable by anyone who can pull the image: the source URL goes without its user part. */
    static Map<String, String> labels(ArtifactStored artifact) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", artifact.commit().value());
        labels.put("org.opencontainers.image.source", Redacted.url(artifact.repository().value()));
        labels.put("org.opencontainers.image.version", artifact.descriptor().version());
        labels.put("org.opencontainers.image.created", DateTimeFormatter.ISO_INSTANT.format(artifact.commitTime()));
        labels.put(PLAN_LABEL, artifact.plan().value());
        labels.put(BUILD_NUMBER_LABEL, Long.toString(artifact.build().number().value()));
        return labels;
    }

    /** Only the environment values the descriptor names in {@code buildArgs}. */
    static Map<String, String> buildArgs(ArtifactStored artifact) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String name : artifact.descriptor().buildArgs()) {
            args.put(name, artifact.descriptor().environment().get(name));
        }
        return args;
    }
}
