package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/** How a pull request stopped being open; each one ends its preview. */
public enum PullRequestOutcome {
    /** Closed without merging (GitHub, GitLab). */
    CLOSED,
    /** Merged into its target branch. */
    MERGED,
    /** Declined (Bitbucket's word for closed without merging). */
    DECLINED;

    @JsonValue
    public String json() {
        return Enums.json(this);
    }

    @JsonCreator
    public static PullRequestOutcome parse(String text) {
        return Enums.parse(PullRequestOutcome.class, text, "outcome");
    }
}
