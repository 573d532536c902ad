package dev.slipway.status.hoststatus;

import java.net.URI;
import java.util.Locale;

/**
 * A configured Git host, checked: its provider, the host name its repository URLs carry, the API's
 * base URL (the part before the provider's documented path) and the credentials.
 */
public record GitHost(String name, GitProvider provider, String host, URI apiUrl, String token, String username) {

    static GitHost of(GitHostConfiguration configuration) {
        String name = configuration.getName();
        if (configuration.getProvider() == null) {
            throw new IllegalArgumentException("slipway.status.git-hosts." + name + ".provider is missing");
        }
        GitProvider provider = GitProvider.parse(configuration.getProvider());
        if (configuration.getHost() == null || configuration.getHost().isBlank()) {
            throw new IllegalArgumentException("slipway.status.git-hosts." + name + ".host is missing");
        }
        if (configuration.getToken() == null || configuration.getToken().isBlank()) {
            throw new IllegalArgumentException("slipway.status.git-hosts." + name + ".token is missing (or its variable is empty)");
        }
        String host = configuration.getHost().strip().toLowerCase(Locale.ROOT);
        URI api = configuration.getApiUrl() != null ? configuration.getApiUrl() : defaultApi(provider, host);
        if (!"https".equals(api.getScheme()) && !"http".equals(api.getScheme())) {
            throw new IllegalArgumentException("slipway.status.git-hosts." + name + ".api-url must be an http(s) URL");
        }
        return new GitHost(name, provider, host, api, configuration.getToken(), configuration.getUsername());
    }

    /** The provider's usual API for the host (GitHub Enterprise and self-managed GitLab serve it on their own host). */
    private static URI defaultApi(GitProvider provider, String host) {
        return URI.create(switch (provider) {
            case GITHUB -> host.equals("github.com") ? "https://api.github.com" : "https://" + host + "/api/v3";
            case GITLAB -> "https://" + host + "/api/v4";
            case BITBUCKET_CLOUD -> "https://api.bitbucket.org/2.0";
            case BITBUCKET_SERVER -> "https://" + host;
        });
    }

    /** The API base without a trailing slash, for appending the documented path. */
    String base() {
        String text = apiUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public String toString() {
        return name + " (" + provider.configName() + " at " + host + ", API " + apiUrl + ")";
    }
}
