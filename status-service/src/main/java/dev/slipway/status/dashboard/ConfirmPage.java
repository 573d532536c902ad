package dev.slipway.status.dashboard;

/**
 * The confirmation of a rollback or promotion: what will replace what, and the form that asks for it.
 *
 * @param action {@code rollback} or {@code promote}
 * @param text   {@code production: build 4 will be replaced by build 2 (rollback)}
 */
public record ConfirmPage(Chrome chrome, String plan, long build, String environment, String action, String text, String postUrl,
                          String cancelUrl) {
}
