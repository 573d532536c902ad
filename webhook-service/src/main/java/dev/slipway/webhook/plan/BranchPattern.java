package dev.slipway.webhook.plan;

import dev.slipway.events.domain.BranchName;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A branch a plan builds: an exact name ({@code main}) or a glob ({@code release/*} matches one
 * path segment, {@code feature/**} any number, {@code ?} one character). Git forbids {@code *} and
 * {@code ?} in branch names, so a glob can never be mistaken for a name.
 */
public final class BranchPattern {
    private final String text;
    private final Pattern regex;
    private final BranchName exact;

    private BranchPattern(String text, Pattern regex, BranchName exact) {
        this.text = text;
        this.regex = regex;
        this.exact = exact;
    }

    public static BranchPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a branch or branch pattern must not be blank");
        }
        if (text.indexOf('*') < 0 && text.indexOf('?') < 0) {
            BranchName name = BranchName.fromRef(text);
            return new BranchPattern(name.value(), null, name);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new BranchPattern(text, Pattern.compile(regex.toString()), null);
    }

    public boolean matches(BranchName branch) {
        return exact != null ? exact.equals(branch) : regex.matcher(branch.value()).matches();
    }

    /** The branch itself when this is an exact name: what a schedule or a manual build reads. */
    public Optional<BranchName> exactName() {
        return Optional.ofNullable(exact);
    }

    @Override
    public String toString() {
        return text;
    }
}
