package dev.slipway.artifact.git;

import dev.slipway.events.domain.RepositoryUrl;
import jakarta.inject.Singleton;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Picks the configured token for a repository's host. */
@Singleton
public final class GitCredentials {
    private final List<GitCredential> credentials;

    public GitCredentials(List<GitCredential> credentials) {
        this.credentials = List.copyOf(credentials);
    }

    /**
     * Credentials travel only over {@code https}: a token sent over plain {@code http} or
     * {@code git://} could be read by anyone on the path.
     */
    public Optional<CredentialsProvider> forRepository(RepositoryUrl url) {
        if (!url.scheme().equals("https")) {
            return Optional.empty();
        }
        String host = url.host();
        int port = url.uri().getPort();
        String hostAndPort = port < 0 ? host : host + ":" + port;
        return credentials.stream()
                .filter(c -> {
                    String configured = c.host().toLowerCase(Locale.ROOT);
                    return configured.equals(hostAndPort) || (port == 443 && configured.equals(host));
                })
                .findFirst()
                .map(c -> new UsernamePasswordCredentialsProvider(c.username(), c.token()));
    }

    public boolean configuredFor(RepositoryUrl url) {
        return forRepository(url).isPresent();
    }
}
