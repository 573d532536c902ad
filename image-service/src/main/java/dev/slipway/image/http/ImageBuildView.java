package dev.slipway.image.http;

import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.image.records.BuildRecord;

import java.time.Instant;
import java.util.List;

/**
 * A build as {@code GET /images/{plan}/{number}} shows it.
 *
 * @param image     the pushed image pinned by digest; null until pushed
 * @param digest    its manifest digest as the registry reported it
 * @param tags      the names the image gets ({@code <version>-<number>}, the short commit, {@code pr-<number>} for a preview)
 * @param reason    why it failed, as in its {@code StageFailed}; null otherwise
 * @param retryable whether the failure may pass when tried again later; null unless failed
 * @param pullRequest the pull request the build previews, as its {@code ArtifactStored} named it; null for a
 *                  build of the plan's branch
 */
record ImageBuildView(String build, String state, String image, String digest, List<String> tags, String commit,
                      String dockerfile, String reason, Boolean retryable, String queuedAt, String startedAt,
                      String finishedAt, String log, PullRequest pullRequest) {

    static ImageBuildView of(BuildRecord record) {
        String path = "/images/" + record.build().plan() + "/" + record.build().number();
        return new ImageBuildView(record.build().toString(), record.state().json(),
                record.image() == null ? null : record.image().toString(),
                record.image() == null ? null : record.image().digest().value(),
                record.tags().stream().map(ImageReference::toString).toList(),
                record.artifact().commit().value(),
                record.dockerfile(),
                record.stageFailed() == null ? null : record.stageFailed().reason(),
                record.stageFailed() == null ? null : record.stageFailed().retryable(),
                text(record.queuedAt()), text(record.startedAt()), text(record.finishedAt()),
                path + "/log", record.artifact().pullRequest());
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }
}
