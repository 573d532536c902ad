package dev.slipway.status.hoststatus;

import java.util.Arrays;
import java.util.Locale;

/** The Git hosts whose commit-status APIs status-service speaks, by their configuration names. */
public enum GitProvider {
    /** GitHub and GitHub Enterprise Server: {@code POST /repos/{owner}/{repo}/statuses/{sha}}. */
    GITHUB("github", 140),
    /** GitLab: {@code POST /projects/:id/statuses/:sha}. */
    GITLAB("gitlab", 255),
    /** Bitbucket Cloud: {@code POST /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build}. */
    BITBUCKET_CLOUD("bitbucket-cloud", 255),
    /** Bitbucket Data Center (Server): {@code POST /rest/build-status/1.0/commits/{commitId}}. */
    BITBUCKET_SERVER("bitbucket-server", 255);

    private final String configName;
    private final int descriptionLimit;

    GitProvider(String configName, int descriptionLimit) {
        this.configName = configName;
        this.descriptionLimit = descriptionLimit;
    }

    public String configName() {
        return configName;
    }

    /** The longest description the host takes (GitHub documents 140 characters; the others are kept as short). */
    public int descriptionLimit() {
        return descriptionLimit;
    }

    public static GitProvider parse(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.configName.equals(wanted)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown Git host provider '" + name + "'; expected one of github, gitlab, bitbucket-cloud, bitbucket-server"));
    }
}
