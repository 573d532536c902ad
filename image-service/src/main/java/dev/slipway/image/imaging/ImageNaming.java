package dev.slipway.image.imaging;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Redacted;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tags and labels of a build's image, all derived from the event, none from the clock. */
final class ImageNaming {
    static final String PLAN_LABEL = "dev.slipway.plan";

    private ImageNaming() {
    }

    /**
     * {@code <registry>/<plan>/<name>:<version>-<number>} first, then {@code :<short commit>}, and for a
     * pull request's preview {@code :pr-<number>} last ({@link #previewTag}). The
     * plan leads the repository path because build numbers count per plan: two plans whose
     * descriptors share a name and version (two branches of one repository, or a repository that
     * copied another's {@code service.name}) reach the same number, and without the plan their
     * builds would push over each other's tags. Plans are unique and cannot hold a {@code /}, so
     * tags of different plans never collide.
     */
    static List<ImageReference> tags(String registry, ArtifactStored artifact) {
        ImageReference versioned = ImageReference.of(registry, artifact.plan().value() + "/" + artifact.descriptor().name(),
                artifact.descriptor().version() + "-" + artifact.build().number());
        if (artifact.pullRequest() == null) {
            return List.of(versioned, versioned.withTag(artifact.commit().shortSha()));
        }
        return List.of(versioned, versioned.withTag(artifact.commit().shortSha()), versioned.withTag(previewTag(artifact.pullRequest())));
    }

    /**
     * {@code pr-<number>}, the preview's moving tag: it names the newest image of the pull request, as
     * {@code latest} would a branch's. Made of the number alone (a tag allows {@code [A-Za-z0-9_.-]}); the
     * request's title and branch are the author's free text and go into no tag or label.
     */
    static String previewTag(PullRequest pullRequest) {
        return PullRequest.ENVIRONMENT_PREFIX + pullRequest.number();
    }

    /**
     * What the image is built from, and nothing about the build: the build number is in the tags
     * and the build's record, never in the image, so that two builds of one commit (a rebuild, a
     * retry under a new number) make the same image, with the same digest. {@code created} is the
     * commit's time, not the clock's. That sameness rests on the engine's layer cache: the legacy
     * builder stamps the clock into every step it has to run anew (the creation time of each image
     * it commits), so the rebuild is the same image because each of its steps, the LABEL step
     * included, is the cached one of the first build; on an engine without that cache (another one,
     * a pruned one) the same commit gets another digest. Labels are readable by anyone who can pull
     * the image: the source URL goes without its user part. A preview's image has the very labels of its
     * commit's branch build (no pull request in them: its title is anyone's text, and a label of its number
     * would make the merged commit's image differ from the tested preview); the request is in its tag.
     */
    static Map<String, String> labels(ArtifactStored artifact) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", artifact.commit().value());
        labels.put("org.opencontainers.image.source", Redacted.url(artifact.repository().value()));
        labels.put("org.opencontainers.image.version", artifact.descriptor().version());
        labels.put("org.opencontainers.image.created", DateTimeFormatter.ISO_INSTANT.format(artifact.commitTime()));
        labels.put(PLAN_LABEL, artifact.plan().value());
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
