package dev.slipway.artifact.git;

import dev.slipway.events.domain.BranchName;
import org.eclipse.jgit.lib.Constants;

/**
 * The ref of the plan's repository that a build's commit must be on: a branch (the plan's own, or a
 * same-repository pull request's source branch), or the ref where the host keeps a pull request's
 * head ({@code refs/pull/7/head}). Either is fetched by name from the plan's repository, never from
 * another URL, and never by the commit's id.
 *
 * @param remote what the host calls it
 * @param local  where the mirror keeps its copy: a branch under its own name; a pull request's head
 *               under {@value #PREVIEW_PREFIX}, so that nothing fetched for a preview (a fork's code)
 *               can ever stand in the mirror for a branch, whatever the head ref is called
 * @param branch the branch, or null for a pull request's head ref
 */
public record SourceRef(String remote, String local, BranchName branch) {
    static final String PREVIEW_PREFIX = "refs/slipway/previews/";

    public static SourceRef branch(BranchName branch) {
        return new SourceRef(branch.ref(), branch.ref(), branch);
    }

    /** @param headRef a ref the contract checked ({@code refs/...}, no {@code ..}, no spaces or wildcards) */
    public static SourceRef pullRequestHead(String headRef) {
        if (!headRef.startsWith(Constants.R_REFS)) {
            throw new IllegalArgumentException("a pull request's head ref starts with refs/, was " + headRef);
        }
        return new SourceRef(headRef, PREVIEW_PREFIX + headRef.substring(Constants.R_REFS.length()), null);
    }

    /** As messages name it: "branch main" or "ref refs/pull/7/head". */
    public String describe() {
        return branch != null ? "branch " + branch : "ref " + remote;
    }

    @Override
    public String toString() {
        return describe();
    }
}
