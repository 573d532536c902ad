package dev.slipway.status.dashboard;

/**
 * One stage's work on a build, as a bar.
 *
 * @param key      {@code artifact}, {@code image} or {@code deploy:<environment>}
 * @param label    what the stage does, in words
 * @param state    {@code queued}, {@code running}, {@code waiting}, {@code succeeded}, {@code failed}, {@code superseded}, {@code rolled-back} or {@code removed}
 * @param duration how long it took, once finished ({@code 3.2 s}), or null
 * @param title    more, for a tooltip: times and the reason it failed or waits
 */
public record StageBar(String key, String label, String state, String duration, String title) {
}
