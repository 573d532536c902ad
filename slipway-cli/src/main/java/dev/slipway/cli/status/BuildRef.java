package dev.slipway.cli.status;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a person names a build: its number, {@code latest}, a commit (7 or more hex digits, a prefix of
 * the full id) or the request id a build has before it is numbered. status-service resolves it; the
 * CLI checks the form, and {@code watch} uses it to recognise the build when it appears.
 */
public record BuildRef(String value) {
    public static final String LATEST = "latest";
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

    public BuildRef {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a build is needed: a number, 'latest', a commit (7 or more hex digits) or a request id");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (!value.equals(LATEST) && !NUMBER.matcher(value).matches() && !COMMIT.matcher(value).matches() && !isUuid(value)) {
            throw new IllegalArgumentException("build '" + value + "' is neither a build number, 'latest', a commit (7 or more hex digits) nor a request id");
        }
    }

    public static BuildRef of(String value) {
        return new BuildRef(value);
    }

    public static BuildRef latest() {
        return new BuildRef(LATEST);
    }

    /** The build number, when the ref is one. A number of 7 digits or more may also be a commit prefix. */
    public Optional<Long> number() {
        return NUMBER.matcher(value).matches() ? Optional.of(Long.parseLong(value)) : Optional.empty();
    }

    /** The commit prefix, when the ref can be one. */
    public Optional<String> commitPrefix() {
        return COMMIT.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    public boolean isLatest() {
        return value.equals(LATEST);
    }

    public boolean isRequest() {
        return isUuid(value);
    }

    private static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code build} is the one this ref names (for {@code latest}: any build of the plan). */
    public boolean matches(BuildSummary build) {
        if (isLatest()) {
            return true;
        }
        if (isRequest()) {
            return value.equals(build.request());
        }
        boolean byNumber = number().map(number -> number.equals(build.number())).orElse(false);
        boolean byCommit = commitPrefix().map(prefix -> build.commit() != null && build.commit().toLowerCase(Locale.ROOT).startsWith(prefix)).orElse(false);
        return byNumber || byCommit;
    }

    @Override
    public String toString() {
        return value;
    }
}
