package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** A full Git object id: 40 hex digits (SHA-1) or 64 (SHA-256 repositories), kept lowercase. */
public record CommitSha(String value) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    /** Long enough to stay unique in large repositories, short enough for an image tag. */
    public static final int SHORT_LENGTH = 12;

    @JsonCreator
    public CommitSha(String value) {
        Require.present(value, "commit");
        String lower = value.toLowerCase(Locale.ROOT);
        if (!HEX.matcher(lower).matches()) {
            throw new IllegalArgumentException("commit " + Quoted.of(value)
                    + " is not a full Git commit id (40 or 64 hex digits)");
        }
        this.value = lower;
    }

    public static CommitSha of(String value) {
        return new CommitSha(value);
    }

    public String shortSha() {
        return value.substring(0, SHORT_LENGTH);
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
