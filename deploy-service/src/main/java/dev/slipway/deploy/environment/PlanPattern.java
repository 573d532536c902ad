package dev.slipway.deploy.environment;

import dev.slipway.events.domain.PlanName;

import java.util.regex.Pattern;

/** A plan name, or a pattern where {@code *} stands for any run of characters (e.g. {@code shop-*}). */
public record PlanPattern(String text) {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9*-]{1,63}");

    public PlanPattern {
        if (text == null || !ALLOWED.matcher(text).matches()) {
            throw new IllegalArgumentException("plan pattern '" + text
                    + "' is invalid: use lowercase letters, digits, '-' and '*'");
        }
    }

    public boolean matches(PlanName plan) {
        return Pattern.matches(text.replace("*", "[a-z0-9-]*"), plan.value());
    }

    @Override
    public String toString() {
        return text;
    }
}
