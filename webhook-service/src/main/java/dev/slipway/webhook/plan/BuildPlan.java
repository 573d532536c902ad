package dev.slipway.webhook.plan;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What to build: a repository's branches under one plan name, and optionally when to look for a
 * new head on its own.
 *
 * @param lsRemoteUrl where branch heads are read; the repository URL unless configured otherwise
 * @param buildForks  pull requests whose head is in another repository (a fork) are built too:
 *                    their code is not the team's own, so only where an operator says so
 */
public record BuildPlan(
        PlanName name,
        RepositoryUrl repository,
        RepositoryIdentity identity,
        List<BranchPattern> branches,
        Optional<CronSchedule> schedule,
        boolean rebuildUnchanged,
        String lsRemoteUrl,
        boolean buildForks) {

    public boolean builds(BranchName branch) {
        return branches.stream().anyMatch(pattern -> pattern.matches(branch));
    }

    /** The first exact branch name: what a schedule reads and what a manual build builds by default. */
    public Optional<BranchName> defaultBranch() {
        return branches.stream().map(BranchPattern::exactName).flatMap(Optional::stream).findFirst();
    }

    /** @param cron   a Micronaut cron expression, seconds first */
    public record CronSchedule(String cron, ZoneId zone) {
    }
}
