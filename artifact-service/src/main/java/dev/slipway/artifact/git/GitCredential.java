package dev.slipway.artifact.git;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Nullable;

/**
 * One entry of {@code slipway.artifact.git.credentials}: the token sent to one HTTPS Git host.
 * Tokens come only from configuration (typically an environment variable), never from events.
 *
 * @param host     the host as it appears in repository URLs, with {@code :port} when the URLs carry one
 * @param username what the host expects beside a token: {@code x-access-token} for GitHub (the
 *                 default), {@code oauth2} for GitLab, {@code x-token-auth} for Bitbucket
 * @param token    the token or password
 */
@EachProperty(value = "slipway.artifact.git.credentials", list = true)
public record GitCredential(String host, @Nullable String username, String token) {
    /**
     * GitHub's, which most tokens need. The one default outside application.yml, which has no
     * place for a default of each entry of a list.
     */
    static final String DEFAULT_USERNAME = "x-access-token";

    public GitCredential {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("slipway.artifact.git.credentials: every entry needs a host");
        }
        if (host.contains("@")) {
            // Not echoed: what stands before '@' is most likely the token itself.
            throw new IllegalArgumentException("slipway.artifact.git.credentials: an entry's host carries user info (before '@'); "
                    + "give host[:port] as in the repository URLs, and the token in 'token'");
        }
        if (host.contains("/")) {
            throw new IllegalArgumentException("slipway.artifact.git.credentials: the host '" + host
                    + "' must be host[:port] as in the repository URLs, without a scheme or path");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("slipway.artifact.git.credentials: the entry for " + host + " has no token");
        }
        username = username == null || username.isBlank() ? DEFAULT_USERNAME : username;
    }

    /** Keeps the token out of logs, debuggers' summaries and error messages. */
    @Override
    public String toString() {
        return "GitCredential[host=" + host + ", username=" + username + ", token=****]";
    }
}
