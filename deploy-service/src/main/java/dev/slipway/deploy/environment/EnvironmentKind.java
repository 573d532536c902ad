package dev.slipway.deploy.environment;

import java.util.Locale;

/** How an environment holds a plan's builds. */
public enum EnvironmentKind {
    /** Every build gets its own app and URL (the original system's review environments); the oldest are removed. */
    PER_BUILD,
    /** One app per plan, updated in place; newest build wins unless a person rolls back. */
    STABLE,
    /**
     * A template for pull requests' previews: each open pull request of a plan it takes gets an environment of its
     * own, {@code pr-<number>}, that behaves like a stable one (one app, updated in place as the pull request
     * changes) and is removed when the pull request closes, or to make room for a newer preview.
     */
    PREVIEW;

    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static EnvironmentKind parse(String text) {
        for (EnvironmentKind kind : values()) {
            if (kind.json().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("environment kind '" + text + "' is unknown; use per-build, stable or preview");
    }
}
