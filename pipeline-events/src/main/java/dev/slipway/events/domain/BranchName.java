package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A branch name as Git accepts it (the short form, without {@code refs/heads/}). The checks follow
 * git-check-ref-format, because the name comes from webhook bodies and is later handed to Git.
 */
public record BranchName(String value) {
    private static final String REFS_HEADS = "refs/heads/";

    @JsonCreator
    public BranchName {
        Require.printable(value, "branch");
        if (value.startsWith(REFS_HEADS)) {
            throw new IllegalArgumentException("branch " + Quoted.of(value) + " must be given without 'refs/heads/'");
        }
        if (value.length() > 255 || value.startsWith("-") || value.startsWith("/") || value.endsWith("/")
                || value.endsWith(".") || value.endsWith(".lock") || value.contains("..") || value.contains("//")
                || value.contains("@{") || value.equals("@") || value.chars().anyMatch(c -> " ~^:?*[\\".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("branch " + Quoted.of(value) + " is not a valid Git branch name");
        }
    }

    public static BranchName of(String value) {
        return new BranchName(value);
    }

    /** Accepts {@code refs/heads/main} or {@code main}. */
    public static BranchName fromRef(String ref) {
        Require.present(ref, "ref");
        return new BranchName(ref.startsWith(REFS_HEADS) ? ref.substring(REFS_HEADS.length()) : ref);
    }

    public String ref() {
        return REFS_HEADS + value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
