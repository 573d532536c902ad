package dev.slipway.webhook.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes two repository URLs name the same repository: host (lowercase, without a default
 * port) and path (without a trailing {@code .git} or {@code /}). The scheme and user do not count,
 * because a provider names one repository by its https, ssh and git URLs alike.
 *
 * <p>Webhook bodies are hostile, so a URL read from one is only ever turned into an identity and
 * compared with the identities of configured plans; it is never fetched. Paths on the public
 * providers are case-insensitive, so they are compared in lowercase; {@code file:} paths are not.
 */
public record RepositoryIdentity(String value) {
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._~-]+@([A-Za-z0-9.-]+):(?!//)(.+)");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("https", 443, "http", 80, "ssh", 22, "git", 9418);
    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");
    private static final int MAX_LENGTH = 2048;

    /** @return the identity, or empty when the text is not a repository URL this service understands */
    public static Optional<RepositoryIdentity> of(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH || url.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        Matcher scp = SCP_LIKE.matcher(url);
        if (scp.matches()) {
            return normalised(scp.group(1), -1, "ssh", "/" + scp.group(2));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return uri.getPath() == null ? Optional.empty() : Optional.of(new RepositoryIdentity("file:" + trim(uri.getPath())));
        }
        if (!DEFAULT_PORTS.containsKey(scheme) || uri.getHost() == null || uri.getPath() == null) {
            return Optional.empty();
        }
        return normalised(uri.getHost(), uri.getPort(), scheme, uri.getPath());
    }

    private static Optional<RepositoryIdentity> normalised(String host, int port, String scheme, String path) {
        String trimmed = trim(path);
        if (trimmed.isEmpty() || trimmed.equals("/")) {
            return Optional.empty();
        }
        String authority = host.toLowerCase(Locale.ROOT);
        if (port >= 0 && port != DEFAULT_PORTS.get(scheme)) {
            authority += ":" + port;
        }
        return Optional.of(new RepositoryIdentity(authority + trimmed.toLowerCase(Locale.ROOT)));
    }

    private static String trim(String path) {
        String trimmed = REPEATED_SLASHES.matcher(path).replaceAll("/");
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.toLowerCase(Locale.ROOT).endsWith(".git")) {
            trimmed = trimmed.substring(0, trimmed.length() - 4);
        }
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    @Override
    public String toString() {
        return value;
    }
}
