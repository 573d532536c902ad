package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A build as status-service lists it (and as each {@code build} event of its stream carries it).
 *
 * @param number  null until artifact-service numbered the build (a build that failed before that never gets one)
 * @param id      {@code plan/number}, or {@code plan@request} before it has a number
 * @param request the CommitReceived event id: stable from the start, so a build stays recognisable once numbered
 */
// The CLI is a client of status-service's documented JSON (its /openapi.yml), like any other client, and
// shares no code with the service's views on purpose; the end-to-end suite runs this CLI against the
// real service, which is where a drift between the two shows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildSummary(String plan, Long number, String id, String request, String trigger, String commit,
                           String shortCommit, String branch, String repository, Author author, String message,
                           Instant receivedAt, Instant updatedAt, String state, String reason, String failedStage,
                           List<StageEntry> stages, List<EnvironmentEntry> environments, PullRequest pullRequest) {
    public static final String RECEIVED = "received";
    public static final String RUNNING = "running";
    public static final String WAITING = "waiting";
    public static final String BUILT = "built";
    public static final String SERVED = "served";
    public static final String FAILED = "failed";
    public static final String SUPERSEDED = "superseded";

    public BuildSummary {
        stages = stages == null ? List.of() : List.copyOf(stages);
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Author(String name, String email) {
    }

    /** The pull request a preview build was made for; null for a build of the plan's branch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PullRequest(Integer number, String title, String url, String environment) {
    }

    /** The same build, also across its numbering: by request id when both have one, else by id, else by number. */
    public boolean sameBuildAs(BuildSummary other) {
        if (!Objects.equals(plan, other.plan)) {
            return false;
        }
        if (request != null && other.request != null) {
            return request.equals(other.request);
        }
        if (id != null && id.equals(other.id)) {
            return true;
        }
        return number != null && number.equals(other.number);
    }

    /** {@code #3}, or the short commit while the build has no number. */
    public String label() {
        return number != null ? "#" + number : "(unnumbered, commit " + shortCommit() + ")";
    }

    @Override
    public String shortCommit() {
        if (shortCommit != null) {
            return shortCommit;
        }
        return commit == null ? "?" : commit.substring(0, Math.min(7, commit.length()));
    }

    /** A ref that {@code GET /plans/{plan}/builds/{ref}} resolves to this build. */
    public Optional<String> ref() {
        if (number != null) {
            return Optional.of(number.toString());
        }
        return Optional.ofNullable(request);
    }

    /** Where the build runs now: the most recently updated environment that serves it at a URL. */
    public Optional<EnvironmentEntry> servedAt() {
        return environments.stream().filter(EnvironmentEntry::serves)
                .max(Comparator.comparing(EnvironmentEntry::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    public boolean is(String candidate) {
        return candidate.equals(state);
    }
}
