package dev.slipway.status.hoststatus;

import dev.slipway.events.PipelineEvent;
import dev.slipway.events.StageFailed;
import dev.slipway.events.domain.Stage;
import dev.slipway.status.builds.Build;
import dev.slipway.status.builds.BuildStore;
import dev.slipway.status.builds.StageEntry;
import dev.slipway.status.database.Sql;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The projection's side of commit statuses: for each event it applied, the status it means (if
 * any) goes into the outbox, in the same transaction, so a status is queued exactly when its event
 * is in the read model; {@link HostStatusSender} sends it. Nothing happens without a configured host.
 */
@Singleton
public class HostStatusReports {
    private final GitHosts hosts;
    private final HostStatusConfiguration configuration;
    private final String dashboardBase;
    private final Clock clock;

    public HostStatusReports(GitHosts hosts, HostStatusConfiguration configuration) {
        this(hosts, configuration, Clock.systemUTC());
    }

    HostStatusReports(GitHosts hosts, HostStatusConfiguration configuration, Clock clock) {
        this.hosts = hosts;
        this.configuration = configuration;
        String base = configuration.dashboardUrl().toString();
        this.dashboardBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.clock = clock;
    }

    /**
     * Queues the status the event means for its build (found after the projection applied it).
     * An event older than {@link HostStatusConfiguration#giveUpAfter()} is history being read again
     * (a read model rebuilt from the topics): the host had its status then, or it is too late now.
     */
    public void record(Sql sql, PipelineEvent event, Build build) throws SQLException {
        if (!hosts.any()) {
            return;
        }
        Instant now = clock.instant();
        if (event.time().isBefore(now.minus(configuration.giveUpAfter()))) {
            return;
        }
        String deployEnvironment = null;
        if (event instanceof StageFailed failed && failed.stage() == Stage.DEPLOY) {
            deployEnvironment = BuildStore.entryByInput(sql, Stage.DEPLOY.json(), failed.causationId().value())
                    .map(StageEntry::environment).orElse(null);
        }
        Optional<CommitStatus> status = StatusRules.statusFor(event, build, deployEnvironment, dashboardBase);
        if (status.isPresent() && hosts.reportsFor(status.get().repository())) {
            HostStatusOutbox.add(sql, status.get(), now);
        }
    }
}
