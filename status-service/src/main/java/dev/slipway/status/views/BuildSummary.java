package dev.slipway.status.views;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A build as lists show it (the API's "Build summary"). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildSummary(String plan, Long number, String id, String request, String trigger, String commit, String shortCommit,
                           String branch, String repository, AuthorView author, String message, String receivedAt,
                           String updatedAt, String state, String reason, String failedStage, List<StageView> stages,
                           List<BuildEnvironmentView> environments, PullRequestView pullRequest) {

    /**
     * The pull request a build previews (null for a build of the plan's own branch).
     *
     * @param title       the author's text, as it is (clients show it as text, never as markup)
     * @param url         its page on the Git host; may be null
     * @param environment where the preview runs: {@code pr-<number>}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PullRequestView(int number, String title, String url, String environment) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AuthorView(String name, String email) {
    }

    /** One stage's work on the build; {@code environment} only for deployments. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StageView(String stage, String environment, String state, String queuedAt, String startedAt, String finishedAt,
                            Double durationSeconds, String reason, String detail) {
    }

    /** Where a deployment of this build to an environment stands. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BuildEnvironmentView(String environment, String state, String url, String reason, String detail, String updatedAt) {
    }
}
