package dev.slipway.deploy.environment;

import java.util.Locale;

/** How an environment holds a plan's builds. */
public enum EnvironmentKind {
    /** Every build gets its own app and URL (the original system's review environments); the oldest are removed. */
    PER_BUILD,
    /** One app per plan, updated in place; newest build wins unless a person rolls back. */
    STABLE;

    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static EnvironmentKind parse(String text) {
        for (EnvironmentKind kind : values()) {
            if (kind.json().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("environment kind '" + text + "' is unknown; use per-build or stable");
    }
}
