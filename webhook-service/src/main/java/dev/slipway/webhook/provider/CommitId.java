package dev.slipway.webhook.provider;

import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Quoted;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A commit as a delivery names it: usually the full id, but Bitbucket Cloud names merge commits by
 * an abbreviated one (12 hex digits), which must be resolved before it can go into an event.
 */
public record CommitId(String hex) {
    private static final Pattern FULL = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ABBREVIATED = Pattern.compile("[0-9a-f]{7,39}");

    public static CommitId parse(String text, String field) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!FULL.matcher(lower).matches() && !ABBREVIATED.matcher(lower).matches()) {
            throw new InvalidPayloadException("field '" + field + "' is " + Quoted.of(text) + ", not a Git commit id");
        }
        return new CommitId(lower);
    }

    public static CommitId of(CommitSha sha) {
        return new CommitId(sha.value());
    }

    public Optional<CommitSha> full() {
        return FULL.matcher(hex).matches() ? Optional.of(CommitSha.of(hex)) : Optional.empty();
    }

    /** Git's "no commit": the new id of a deleted branch, the old id of a created one. */
    public boolean isZero() {
        return hex.chars().allMatch(c -> c == '0');
    }

    /** Whether the full id {@code sha} is the one this names. */
    public boolean names(CommitSha sha) {
        return sha.value().startsWith(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
