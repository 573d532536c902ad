package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A deployment environment of a plan (e.g. {@code review}, {@code staging}); a DNS label like {@link PlanName}. */
public record EnvironmentName(String value) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @JsonCreator
    public EnvironmentName {
        Require.present(value, "environment");
        if (!LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("environment name " + Quoted.of(value)
                    + " is invalid: use 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
    }

    public static EnvironmentName of(String value) {
        return new EnvironmentName(value);
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
