package dev.slipway.status.hoststatus;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A build's repository as its Git host names it: the path of its URL, without {@code .git} (and,
 * for Bitbucket Data Center's HTTP clone URLs, without {@code scm/}), in segments.
 * {@code https://github.com/acme/shop.git} is {@code [acme, shop]} on {@code github.com};
 * {@code https://gitlab.com/group/sub/shop.git} is the project path {@code group/sub/shop}.
 */
record HostRepository(String host, List<String> segments) {

    static Optional<HostRepository> parse(String repositoryUrl) {
        if (repositoryUrl == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(repositoryUrl);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getPath() == null) {
            return Optional.empty();
        }
        String path = uri.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segments.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new HostRepository(uri.getHost().toLowerCase(Locale.ROOT), segments));
    }

    /** {@code owner/repo} (GitHub), {@code workspace/repo_slug} (Bitbucket Cloud): the first two segments. */
    String owner() {
        return segments.get(0);
    }

    String name() {
        return segments.get(1);
    }

    /** GitLab's project path: every segment (groups, subgroups, project). */
    String projectPath() {
        return String.join("/", segments);
    }

    /** Whether the provider can name the repository from these segments. */
    boolean fits(GitProvider provider) {
        return switch (provider) {
            case GITHUB, BITBUCKET_CLOUD -> segments.size() == 2;
            case GITLAB, BITBUCKET_SERVER -> true; // Data Center's build status API names only the commit
        };
    }
}
