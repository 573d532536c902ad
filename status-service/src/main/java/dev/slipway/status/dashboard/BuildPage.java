package dev.slipway.status.dashboard;

/**
 * {@code /ui/plans/<plan>/builds/<ref>}: the build's parts and its image log.
 *
 * @param partsUrl        the fragment of its parts, fetched again on each change of the plan
 * @param logUrl          the fragment of its log
 * @param logRefreshMillis how often the log is fetched again while the image is being built
 */
public record BuildPage(Chrome chrome, BuildParts parts, LogView log, String partsUrl, String logUrl, long logRefreshMillis) {
}
