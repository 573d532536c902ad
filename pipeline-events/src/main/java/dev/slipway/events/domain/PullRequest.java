package dev.slipway.events.domain;

import java.net.URI;
import java.time.Instant;

/**
 * The pull (or merge) request a build was made for: the build is a preview of its head, deployed
 * to an environment of its own ({@link #environment()}), not to the plan's usual environments.
 *
 * @param number       the request's number in its repository (GitHub and Bitbucket say number or id,
 *                     GitLab says iid)
 * @param sourceBranch the branch the request proposes (the build's commit is its head)
 * @param targetBranch the branch it is to be merged into, the plan's branch
 * @param fromFork     true when the head is in another repository than the plan's: its code is not
 *                     the team's own, and it is built only where a plan allows forks
 * @param headRef      the ref in the plan's repository that holds the head ({@code refs/pull/7/head}
 *                     on GitHub, {@code refs/merge-requests/7/head} on GitLab,
 *                     {@code refs/pull-requests/7/from} on Bitbucket Data Center); null where the
 *                     provider keeps none (Bitbucket Cloud), and then the source branch is fetched
 * @param webUrl       the request's page at the provider, for people; may be null
 * @param title        its title, cut to {@value #MAX_TITLE_LENGTH} characters; may be empty
 * @param requestedAt  when Slipway was told of this head (its {@code CommitReceived}'s time, which fills it
 *                     in): a preview built from a head older than the pull request's closing is not deployed,
 *                     one from a reopened pull request is
 */
public record PullRequest(
        int number,
        BranchName sourceBranch,
        BranchName targetBranch,
        boolean fromFork,
        String headRef,
        URI webUrl,
        String title,
        Instant requestedAt) {

    public static final int MAX_TITLE_LENGTH = 200;
    /** Preview environments are named {@code pr-<number>}. */
    public static final String ENVIRONMENT_PREFIX = "pr-";

    public PullRequest {
        if (number < 1) {
            throw new IllegalArgumentException("field 'pullRequest.number' must be 1 or more, was " + number);
        }
        Require.present(sourceBranch, "pullRequest.sourceBranch");
        Require.present(targetBranch, "pullRequest.targetBranch");
        if (headRef != null) {
            Require.printable(headRef, "pullRequest.headRef");
            if (!headRef.startsWith("refs/") || headRef.contains("..") || headRef.chars().anyMatch(c -> " ~^:?*[\\".indexOf(c) >= 0)) {
                throw new IllegalArgumentException("field 'pullRequest.headRef' is " + Quoted.of(headRef) + "; expected a ref such as refs/pull/7/head");
            }
        }
        if (webUrl != null && !("https".equals(webUrl.getScheme()) || "http".equals(webUrl.getScheme()))) {
            throw new IllegalArgumentException("field 'pullRequest.webUrl' must be an http(s) URL");
        }
        title = title == null ? "" : title.replaceAll("\\p{Cntrl}", " ").strip();
        if (title.length() > MAX_TITLE_LENGTH) {
            title = title.substring(0, MAX_TITLE_LENGTH - 1) + "…";
        }
    }

    /** A pull request as a webhook reads it; its {@code CommitReceived} fills in {@link #requestedAt}. */
    public PullRequest(int number, BranchName sourceBranch, BranchName targetBranch, boolean fromFork, String headRef,
                       URI webUrl, String title) {
        this(number, sourceBranch, targetBranch, fromFork, headRef, webUrl, title, null);
    }

    /** The same pull request, told of at {@code time}, unless a time was given already. */
    public PullRequest requestedAt(Instant time) {
        return requestedAt != null ? this
                : new PullRequest(number, sourceBranch, targetBranch, fromFork, headRef, webUrl, title, time);
    }

    /** The environment its previews run in: {@code pr-<number>}. */
    public EnvironmentName environment() {
        return environmentOf(number);
    }

    public static EnvironmentName environmentOf(int number) {
        return new EnvironmentName(ENVIRONMENT_PREFIX + number);
    }

    @Override
    public String toString() {
        return "#" + number;
    }
}
