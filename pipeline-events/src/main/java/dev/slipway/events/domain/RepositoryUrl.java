package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Where a plan's Git repository is cloned from: an {@code https}, {@code http}, {@code git},
 * {@code ssh} or {@code file} URL. It travels in events and logs, so it may name a user but never
 * carry a password or token: credentials come from configuration.
 */
public record RepositoryUrl(String value) {
    private static final Set<String> SCHEMES = Set.of("https", "http", "git", "ssh", "file");

    @JsonCreator
    public RepositoryUrl {
        Require.printable(value, "repository");
        if (value.length() > 2048) {
            throw new IllegalArgumentException("repository URL is longer than 2048 characters");
        }
        URI uri = parse(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("repository URL " + Quoted.of(Redacted.url(value)) + " must use one of " + SCHEMES);
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException(
                    "repository URL must not carry a password or token; configure credentials instead");
        }
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isBlank())) {
            throw new IllegalArgumentException("repository URL " + Quoted.of(Redacted.url(value)) + " has no host");
        }
    }

    public static RepositoryUrl of(String value) {
        return new RepositoryUrl(value);
    }

    /** True when the URL names a user ({@code https://TOKEN@host/...}): where tokens get pasted. */
    public boolean hasUserInfo() {
        return uri().getRawUserInfo() != null;
    }

    /** This URL without its user part (itself when it has none). */
    public RepositoryUrl withoutUserInfo() {
        return hasUserInfo() ? new RepositoryUrl(Redacted.url(value)) : this;
    }

    public URI uri() {
        return parse(value);
    }

    public String scheme() {
        return uri().getScheme().toLowerCase(Locale.ROOT);
    }

    /** The host, lowercase, or an empty string for {@code file:} URLs. */
    public String host() {
        String host = uri().getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    private static URI parse(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("repository URL " + Quoted.of(Redacted.url(value)) + " is not a URL: " + e.getReason());
        }
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
