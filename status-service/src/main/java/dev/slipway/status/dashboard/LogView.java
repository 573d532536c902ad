package dev.slipway.status.dashboard;

/**
 * A build's image log as its page shows it.
 *
 * @param text the log (its end, when it is long), or empty
 * @param note what is shown instead of, or besides, the log: none yet, only its end, why it could not be read
 */
public record LogView(String text, String note) {
}
