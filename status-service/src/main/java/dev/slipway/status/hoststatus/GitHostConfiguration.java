package dev.slipway.status.hoststatus;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.net.URI;

/**
 * {@code slipway.status.git-hosts.<name>}: a Git host that gets the commit statuses of the builds
 * whose repository it serves.
 *
 * <pre>
 * slipway.status.git-hosts.github:
 *   provider: github            # github | gitlab | bitbucket-cloud | bitbucket-server
 *   host: github.com            # the host name in the builds' repository URLs
 *   api-url: https://api.github.com   # optional: the provider's usual one for the host
 *   token: ${GITHUB_STATUS_TOKEN}
 *   username: ...               # bitbucket-cloud only: with an app password as token, basic auth
 * </pre>
 *
 * {@link #toString()} leaves the token out: it is never logged.
 */
@EachProperty("slipway.status.git-hosts")
public class GitHostConfiguration {
    private final String name;
    private String provider;
    private String host;
    private URI apiUrl;
    private String token;
    private String username;

    public GitHostConfiguration(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public URI getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(URI apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    @Override
    public String toString() {
        return name + " (" + provider + " at " + host + ", token " + (token == null || token.isBlank() ? "missing" : "set") + ")";
    }
}
