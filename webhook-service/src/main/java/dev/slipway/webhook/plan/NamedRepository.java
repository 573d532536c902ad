package dev.slipway.webhook.plan;

import dev.slipway.events.domain.Redacted;
import dev.slipway.events.domain.RepositoryUrl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The repository a delivery is about, as its provider's one identifying field names it. It chooses
 * the secret the delivery must prove and the plans it may build, so a body can name only one
 * repository: a second URL elsewhere in the body counts for nothing.
 */
public sealed interface NamedRepository {

    /** Whether a configured repository URL is this repository. */
    boolean is(RepositoryUrl configured, RepositoryIdentity identity);

    /** How messages name it: never with a user or password, whatever the body carried. */
    String shown();

    /**
     * Named by a URL (GitHub's {@code clone_url}, GitLab's {@code git_http_url}) or by a name on a
     * host that has only one (Bitbucket Cloud's {@code full_name} on bitbucket.org); compared by
     * {@link RepositoryIdentity}.
     */
    record ByIdentity(RepositoryIdentity identity, String shown) implements NamedRepository {

        /** @return empty when the text is not a repository URL this service understands */
        public static Optional<NamedRepository> ofUrl(String url) {
            return RepositoryIdentity.of(url).map(identity -> new ByIdentity(identity, Redacted.url(url)));
        }

        @Override
        public boolean is(RepositoryUrl configured, RepositoryIdentity other) {
            return identity.equals(other);
        }
    }

    /**
     * Bitbucket Data Center names a repository by its project key and slug; its host appears in no
     * field every version sends. A configured clone URL is the same repository when it ends in that
     * key and slug: {@code https://host[/context]/scm/<key>/<slug>.git} or
     * {@code ssh://git@host:7999/<key>/<slug>.git}. A Data Center is self-hosted, so URLs on the
     * public providers' hosts never match.
     */
    record BitbucketServer(String projectKey, String slug) implements NamedRepository {
        private static final Set<String> PUBLIC_HOSTS = Set.of("github.com", "gitlab.com", "bitbucket.org");

        @Override
        public boolean is(RepositoryUrl configured, RepositoryIdentity identity) {
            String host = configured.host();
            if (host.isEmpty() || PUBLIC_HOSTS.contains(host)) {
                return false;
            }
            String path = configured.uri().getPath() == null ? "" : configured.uri().getPath().replaceAll("/{2,}", "/");
            List<String> segments = List.of(path.replaceFirst("^/", "").replaceFirst("/$", "").replaceFirst("(?i)\\.git$", "").split("/"));
            int n = segments.size();
            boolean named = n >= 2 && segments.get(n - 2).equalsIgnoreCase(projectKey) && segments.get(n - 1).equalsIgnoreCase(slug);
            return switch (configured.scheme()) {
                case "http", "https" -> named && n >= 3 && segments.get(n - 3).equals("scm");
                case "ssh" -> named && n == 2;
                default -> false;
            };
        }

        @Override
        public String shown() {
            return projectKey.toUpperCase(Locale.ROOT) + "/" + slug;
        }
    }
}
