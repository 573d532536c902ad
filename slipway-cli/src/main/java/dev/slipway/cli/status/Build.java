package dev.slipway.cli.status;

/** One build with its story: the summary fields and the details of {@code GET /plans/{plan}/builds/{ref}}. */
public record Build(BuildSummary summary, BuildDetails details) {
}
