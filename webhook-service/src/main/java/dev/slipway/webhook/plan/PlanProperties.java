package dev.slipway.webhook.plan;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code slipway.plans.<name>.*}: one build plan, as an operator writes it.
 *
 * @param name             the plan's name (a DNS label): the key under {@code slipway.plans}
 * @param repository       the clone URL; it goes into every event of the plan and is what
 *                         deliveries are matched against
 * @param branches         branch names or globs the plan builds; the first exact name is the
 *                         branch that schedules and manual builds read
 * @param schedule         optional cron expression (seconds first, e.g. {@code 0 0 9 * * *})
 * @param timeZone         zone the schedule is read in; the system's zone when absent
 * @param rebuildUnchanged a scheduled tick builds even when the head has not moved; absent is no
 * @param lsRemoteUrl      where branch heads are read from, when not from {@code repository}
 *                         (a local mirror, or the same repository over another transport)
 * @param buildForks       pull requests from forks into the plan's branches are built (and
 *                         previewed) too; absent is no, because a fork's code is anyone's
 */
@EachProperty("slipway.plans")
public record PlanProperties(
        @Parameter String name,
        @Nullable String repository,
        @Nullable List<String> branches,
        @Nullable String schedule,
        @Nullable String timeZone,
        @Nullable Boolean rebuildUnchanged,
        @Nullable String lsRemoteUrl,
        @Nullable Boolean buildForks) {
}
