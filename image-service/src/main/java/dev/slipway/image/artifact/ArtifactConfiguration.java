package dev.slipway.image.artifact;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * {@code slipway.image.artifacts.*}: where archives may be fetched from and how much of them is
 * accepted. The URL comes from an event, so it is hostile input: only the artifact service's own
 * prefixes are fetched, and every limit holds before anything is written to disk.
 *
 * @param allowedUrlPrefixes  an {@code artifactUrl} must start with one of these (after normalisation)
 * @param maxDownloadBytes    the largest archive that is downloaded
 * @param maxEntries          the most entries an archive may have
 * @param maxExtractedBytes   the most bytes its files may add up to once extracted
 * @param connectTimeout      for the connection to the artifact service
 * @param downloadTimeout     for the whole download
 * @param token               the artifact service's bearer token (a viewer's), sent only with
 *                            requests to URLs under {@code allowedUrlPrefixes}; null or blank for
 *                            none. Never logged or emitted.
 */
@ConfigurationProperties("slipway.image.artifacts")
public record ArtifactConfiguration(
        List<String> allowedUrlPrefixes,
        long maxDownloadBytes,
        int maxEntries,
        long maxExtractedBytes,
        Duration connectTimeout,
        Duration downloadTimeout,
        @Nullable String token) {

    /** Whether downloads carry a bearer token. */
    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    /** Without the token: records print every field, and configuration ends up in logs. */
    @Override
    public String toString() {
        return "ArtifactConfiguration[allowedUrlPrefixes=" + allowedUrlPrefixes + ", maxDownloadBytes=" + maxDownloadBytes
                + ", maxEntries=" + maxEntries + ", maxExtractedBytes=" + maxExtractedBytes + ", connectTimeout=" + connectTimeout
                + ", downloadTimeout=" + downloadTimeout + ", token=" + (hasToken() ? "****" : "none") + "]";
    }
}
