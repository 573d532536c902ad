package dev.slipway.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/** What {@code GET /plans/{plan}/builds/{ref}} adds to a {@link BuildSummary}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildDetails(Artifact artifact, Image image, Links links, List<TimelineEntry> timeline) {

    public BuildDetails {
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Artifact(String url, String sha256, Long sizeBytes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(String reference, String digest, List<String> tags) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Links(String log, String artifact, String self) {
    }

    /** One event of the build's story, oldest first; {@code summary} is status-service's sentence for it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimelineEntry(Instant time, String type, String stage, String environment, String summary, String eventId) {
    }
}
