package dev.slipway.status.views;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One build ({@code GET /plans/{plan}/builds/{ref}}): its summary's fields, then what it produced and its story. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildDetail(String plan, Long number, String id, String request, String trigger, String commit, String shortCommit,
                          String branch, String repository, BuildSummary.AuthorView author, String message, String receivedAt,
                          String updatedAt, String state, String reason, String failedStage, List<BuildSummary.StageView> stages,
                          List<BuildSummary.BuildEnvironmentView> environments, ArtifactView artifact, ImageView image, Links links,
                          List<TimelineView> timeline, BuildSummary.PullRequestView pullRequest) {

    static BuildDetail of(BuildSummary s, ArtifactView artifact, ImageView image, Links links, List<TimelineView> timeline) {
        return new BuildDetail(s.plan(), s.number(), s.id(), s.request(), s.trigger(), s.commit(), s.shortCommit(), s.branch(),
                s.repository(), s.author(), s.message(), s.receivedAt(), s.updatedAt(), s.state(), s.reason(), s.failedStage(),
                s.stages(), s.environments(), artifact, image, links, timeline, s.pullRequest());
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ArtifactView(String url, String sha256, Long sizeBytes) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImageView(String reference, String digest, List<String> tags) {
    }

    /** @param log image-service's build log of a numbered build */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Links(String log, String artifact, String self) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TimelineView(String time, String type, String stage, String environment, String summary, String eventId) {
    }
}
