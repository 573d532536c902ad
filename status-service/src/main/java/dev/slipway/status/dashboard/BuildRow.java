package dev.slipway.status.dashboard;

import java.util.List;

/**
 * A build as a plan's page lists it.
 *
 * @param ref     how its page is addressed: its number, or its request id while it has none
 * @param request the id of the request that started it (a row follows its build when it gets its number)
 * @param label   {@code build 3}; {@code new build} before it has a number, {@code unnumbered} when it failed before that
 * @param urls    where it runs, per environment
 */
public record BuildRow(String plan, String ref, String request, String label, String state, String url, List<StageBar> stages,
                       Commit commit, String author, String message, String trigger, List<EnvironmentLink> urls, String receivedIso,
                       String receivedText) {

    /** @param url the commit on its Git host (GitHub, GitLab, Bitbucket), or null for other repositories */
    public record Commit(String sha, String shortSha, String url, String branch) {
    }

    public record EnvironmentLink(String environment, String url) {
    }
}
