package dev.slipway.artifact.git;

import dev.slipway.events.domain.RepositoryUrl;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which repositories may be fetched. Repository URLs come from webhook bodies, which anyone can
 * forge, so without this list the service would fetch from any address it can reach, internal
 * ones included. It is checked before any network or disk access.
 *
 * <p>An entry is one of:
 * <ul>
 *   <li>{@code host} - any repository on that host, over https, http or git, on the scheme's default port;</li>
 *   <li>{@code host:port} - the same on that port;</li>
 *   <li>{@code host[:port]/path/prefix} - only repositories whose path is the prefix or lies below it;</li>
 *   <li>{@code scheme://host[:port][/path/prefix]} - as above, over that scheme only;</li>
 *   <li>{@code file:///directory} - local repositories inside that directory (after resolving symbolic links).</li>
 * </ul>
 */
@Singleton
public final class RepositoryAllowList {
    private static final Set<String> NETWORK_SCHEMES = Set.of("https", "http", "git");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("https", 443, "http", 80, "git", 9418);

    private final List<String> entries;
    private final List<Rule> rules;

    @Inject
    public RepositoryAllowList(GitConfiguration configuration) {
        this(configuration.allowed());
    }

    public RepositoryAllowList(List<String> entries) {
        this.entries = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        this.rules = this.entries.stream().map(RepositoryAllowList::parse).toList();
    }

    /** @throws RepositoryNotAllowedException when no entry allows the repository, or its URL carries credentials */
    public void check(RepositoryUrl repository) {
        if (repository.hasUserInfo()) {
            // Refused before anything else, and named without them: the URL ends up in the StageFailed and the log.
            throw new RepositoryNotAllowedException(repository.withoutUserInfo(), "its URL carries user info (a name or "
                    + "token before '@'); credentials are configured per host in slipway.artifact.git.credentials, never in URLs");
        }
        Optional<String> unsafe = unsafePath(repository);
        if (unsafe.isPresent()) {
            throw new RepositoryNotAllowedException(repository, unsafe.get());
        }
        if (rules.stream().noneMatch(rule -> rule.allows(repository))) {
            throw new RepositoryNotAllowedException(repository, entries.isEmpty()
                    ? "the allow-list (slipway.artifact.git.allowed) is empty"
                    : "it matches none of the allow-list (slipway.artifact.git.allowed): " + String.join(", ", entries));
        }
    }

    private static Optional<String> unsafePath(RepositoryUrl repository) {
        String path = repository.uri().getPath();
        if (path == null) {
            return Optional.of("its URL has no path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("its path contains '.' or '..' segments");
            }
        }
        return Optional.empty();
    }

    private static Rule parse(String entry) {
        if (entry.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                Path directory = Path.of(URI.create(entry)).normalize();
                return new DirectoryRule(realPath(directory));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("slipway.artifact.git.allowed: '" + entry
                        + "' is not a file URL of a directory (file:///path/to/dir): " + e.getMessage());
            }
        }
        URI uri;
        String scheme = null;
        try {
            if (entry.contains("://")) {
                uri = URI.create(entry);
                scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                if (!NETWORK_SCHEMES.contains(scheme)) {
                    throw new IllegalArgumentException("scheme " + scheme + " cannot be fetched; use one of " + NETWORK_SCHEMES);
                }
            } else {
                uri = URI.create("//" + entry);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slipway.artifact.git.allowed: '" + entry + "' is not host[:port][/path]: " + e.getMessage());
        }
        if (uri.getRawUserInfo() != null) {
            // Not echoed: what stands before '@' is most likely a token.
            throw new IllegalArgumentException("slipway.artifact.git.allowed: an entry carries user info (before '@', in the entry for "
                    + uri.getHost() + "); credentials belong in slipway.artifact.git.credentials, never in URLs");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("slipway.artifact.git.allowed: '" + entry + "' names no host");
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return new HostRule(scheme, normaliseHost(uri.getHost()), uri.getPort(), prefix);
    }

    private static String normaliseHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Resolves symbolic links as far as the path exists, so a link cannot lead out of an allowed directory. */
    private static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    private sealed interface Rule permits HostRule, DirectoryRule {
        boolean allows(RepositoryUrl repository);
    }

    private record HostRule(String scheme, String host, int port, String pathPrefix) implements Rule {
        @Override
        public boolean allows(RepositoryUrl repository) {
            String urlScheme = repository.scheme();
            if (!NETWORK_SCHEMES.contains(urlScheme) || (scheme != null && !scheme.equals(urlScheme))) {
                return false;
            }
            if (!normaliseHost(repository.host()).equals(host)) {
                return false;
            }
            int defaultPort = DEFAULT_PORTS.get(urlScheme);
            int urlPort = repository.uri().getPort() < 0 ? defaultPort : repository.uri().getPort();
            int allowedPort = port < 0 ? defaultPort : port;
            if (urlPort != allowedPort) {
                return false;
            }
            String path = repository.uri().getPath();
            return pathPrefix.isEmpty() || path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
        }
    }

    private record DirectoryRule(Path directory) implements Rule {
        @Override
        public boolean allows(RepositoryUrl repository) {
            if (!repository.scheme().equals("file") || !repository.host().isEmpty()) {
                return false;
            }
            try {
                Path path = realPath(Path.of(repository.uri()));
                return path.startsWith(directory) && !path.equals(directory);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
