package dev.slipway.status.hoststatus;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The configured Git hosts ({@link GitHostConfiguration}), checked at start; none is the default,
 * and then no commit status is reported (said once, in the log).
 */
@Singleton
public class GitHosts {
    private static final Logger LOG = LoggerFactory.getLogger(GitHosts.class);

    private final List<GitHost> hosts;

    public GitHosts(List<GitHostConfiguration> configurations) {
        this.hosts = configurations.stream().map(GitHost::of).toList();
        if (hosts.isEmpty()) {
            LOG.info("No Git host is configured (slipway.status.git-hosts): commit statuses are not reported");
        } else {
            LOG.info("Commit statuses are reported to {}", hosts);
        }
    }

    public boolean any() {
        return !hosts.isEmpty();
    }

    /** The host that serves the repository, and the repository as it names it; empty when none is configured for it. */
    Optional<Target> forRepository(String repositoryUrl) {
        Optional<HostRepository> repository = HostRepository.parse(repositoryUrl);
        if (repository.isEmpty()) {
            return Optional.empty();
        }
        return hosts.stream().filter(host -> host.host().equals(repository.get().host()) && repository.get().fits(host.provider()))
                .findFirst().map(host -> new Target(host, repository.get()));
    }

    /** Whether a status for the repository would go anywhere (an unknown repository may still, once it is known). */
    boolean reportsFor(String repositoryUrl) {
        return repositoryUrl == null || forRepository(repositoryUrl).isPresent();
    }

    record Target(GitHost host, HostRepository repository) {
    }
}
