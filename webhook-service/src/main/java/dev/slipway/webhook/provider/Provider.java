package dev.slipway.webhook.provider;

import java.util.Locale;

/** A Git host that sends webhooks. Its {@link #key()} names it in configuration, metrics and event ids. */
public enum Provider {
    GITHUB("GitHub"), BITBUCKET("Bitbucket"), GITLAB("GitLab");

    private final String displayName;

    Provider(String displayName) {
        this.displayName = displayName;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return displayName;
    }
}
