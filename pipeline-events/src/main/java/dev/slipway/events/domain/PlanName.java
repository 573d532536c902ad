package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A build plan's name. It ends up in container names, Marathon app ids and URLs, so it follows the
 * DNS label rules: lowercase letters, digits and hyphens, 1 to 63 characters, starting and ending
 * with a letter or digit.
 */
public record PlanName(String value) implements Comparable<PlanName> {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @JsonCreator
    public PlanName {
        Require.present(value, "plan");
        if (!LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("plan name " + Quoted.of(value)
                    + " is invalid: use 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
    }

    public static PlanName of(String value) {
        return new PlanName(value);
    }

    /**
     * Makes a plan name from free text such as {@code My_Repo} and {@code feature/x}: lowercases it,
     * turns every run of other characters into one hyphen, and trims it to 63 characters.
     */
    public static PlanName slug(String text) {
        String slug = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.replaceAll("^-+", "");
        if (slug.length() > 63) {
            slug = slug.substring(0, 63);
        }
        slug = slug.replaceAll("-+$", "");
        return new PlanName(slug);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(PlanName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
