package dev.slipway.webhook.plan;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.RepositoryUrl;
import io.micronaut.scheduling.cron.CronExpression;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured plans and repositories, checked once at start-up so that a mistake stops the
 * service with a message naming the plan, rather than surfacing at the first delivery.
 */
@Singleton
public class BuildPlans {
    private static final Logger LOG = LoggerFactory.getLogger(BuildPlans.class);

    private final Map<PlanName, BuildPlan> plans = new LinkedHashMap<>();
    private final List<KnownRepository> repositories = new ArrayList<>();

    public BuildPlans(List<PlanProperties> planProperties, List<RepositoryProperties> repositoryProperties) {
        for (PlanProperties properties : planProperties) {
            BuildPlan plan = plan(properties);
            plans.put(plan.name(), plan);
        }
        for (RepositoryProperties properties : repositoryProperties) {
            KnownRepository repository = repository(properties);
            repositories.stream().filter(known -> known.identity().equals(repository.identity())).findFirst().ifPresent(known -> {
                // Two entries for one repository would make its secret depend on which is read first.
                throw new PlanConfigurationException("repositories '" + known.name() + "' and '" + repository.name()
                        + "' (slipway.webhook.repositories) are the same repository; keep one");
            });
            repositories.add(repository);
        }
        if (plans.isEmpty() && repositories.stream().noneMatch(KnownRepository::autoPlans)) {
            LOG.warn("No build plans are configured (slipway.plans): every delivery will be acknowledged and ignored");
        } else {
            plans.values().forEach(plan -> LOG.info("Plan {} builds {} of {}{}{}", plan.name(), plan.branches(), plan.repository(),
                    plan.schedule().map(s -> ", on schedule '" + s.cron() + "' (" + s.zone() + ")").orElse(""),
                    plan.buildForks() ? ", and pull requests from forks" : ""));
        }
    }

    public Collection<BuildPlan> all() {
        return plans.values();
    }

    public Optional<BuildPlan> named(PlanName name) {
        return Optional.ofNullable(plans.get(name));
    }

    /**
     * The plans that build this branch of the repository a delivery names: the configured ones, or
     * else an automatic {@code <repo>-<branch>} plan when that repository asks for them. Empty when
     * nothing covers it. Only plans of that one repository: whatever else the body names counts for nothing.
     */
    public List<BuildPlan> covering(NamedRepository named, BranchName branch) {
        List<BuildPlan> covering = plans.values().stream()
                .filter(plan -> named.is(plan.repository(), plan.identity()) && plan.builds(branch))
                .toList();
        if (!covering.isEmpty()) {
            return covering;
        }
        return repository(named).filter(KnownRepository::autoPlans)
                .map(repository -> List.of(automaticPlan(repository, branch)))
                .orElse(List.of());
    }

    /** Whether any plan or repository entry is about the repository a delivery names. */
    public boolean knows(NamedRepository named) {
        return plans.values().stream().anyMatch(plan -> named.is(plan.repository(), plan.identity())) || repository(named).isPresent();
    }

    /** The repository entry of the repository a delivery names: where its own secret is. */
    public Optional<KnownRepository> repository(NamedRepository named) {
        return repositories.stream().filter(repository -> named.is(repository.url(), repository.identity())).findFirst();
    }

    private static BuildPlan automaticPlan(KnownRepository repository, BranchName branch) {
        return new BuildPlan(PlanName.slug(repository.name() + "-" + branch.value()), repository.url(), repository.identity(),
                List.of(BranchPattern.parse(branch.value())), Optional.empty(), false, repository.url().value(), false);
    }

    private static BuildPlan plan(PlanProperties properties) {
        String prefix = "slipway.plans." + properties.name();
        String where = "plan '" + properties.name() + "' (" + prefix + ")";
        try {
            PlanName name = PlanName.of(properties.name());
            RepositoryUrl repository = RepositoryUrls.configured(properties.repository(), prefix + ".repository");
            if (properties.branches() == null || properties.branches().isEmpty()) {
                throw new PlanConfigurationException(where + " names no branches: set branches to names or globs such as [main, release/*]");
            }
            List<BranchPattern> branches = properties.branches().stream().map(BranchPattern::parse).toList();
            Optional<BuildPlan.CronSchedule> schedule = Optional.empty();
            if (properties.schedule() != null && !properties.schedule().isBlank()) {
                schedule = Optional.of(schedule(properties, prefix));
                if (branches.stream().allMatch(b -> b.exactName().isEmpty())) {
                    throw new PlanConfigurationException(where + " has a schedule but only branch patterns: a schedule reads one branch, so name it exactly");
                }
            }
            String lsRemote = properties.lsRemoteUrl() == null || properties.lsRemoteUrl().isBlank()
                    ? repository.value()
                    : RepositoryUrls.configured(properties.lsRemoteUrl(), prefix + ".ls-remote-url").value();
            return new BuildPlan(name, repository, identity(repository, where), branches, schedule,
                    Boolean.TRUE.equals(properties.rebuildUnchanged()), lsRemote, Boolean.TRUE.equals(properties.buildForks()));
        } catch (IllegalArgumentException e) {
            throw new PlanConfigurationException(where + ": " + e.getMessage());
        }
    }

    private static BuildPlan.CronSchedule schedule(PlanProperties properties, String prefix) {
        try {
            CronExpression.create(properties.schedule());
        } catch (RuntimeException e) {
            throw new PlanConfigurationException(prefix + ".schedule '" + properties.schedule()
                    + "' is not a cron expression (seconds first: '0 0 9 * * *' is 9 AM daily): " + e.getMessage());
        }
        try {
            ZoneId zone = properties.timeZone() == null || properties.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(properties.timeZone());
            return new BuildPlan.CronSchedule(properties.schedule(), zone);
        } catch (DateTimeException e) {
            throw new PlanConfigurationException(prefix + ".time-zone '" + properties.timeZone() + "' is not a time zone: " + e.getMessage());
        }
    }

    private static KnownRepository repository(RepositoryProperties properties) {
        String prefix = "slipway.webhook.repositories." + properties.name();
        String where = "repository '" + properties.name() + "' (" + prefix + ")";
        try {
            RepositoryUrl url = RepositoryUrls.configured(properties.url(), prefix + ".url");
            return new KnownRepository(properties.name(), url, identity(url, where), WebhookSecret.ofNullable(properties.secret()),
                    Boolean.TRUE.equals(properties.autoPlans()));
        } catch (IllegalArgumentException e) {
            throw new PlanConfigurationException(where + ": " + e.getMessage());
        }
    }

    private static RepositoryIdentity identity(RepositoryUrl url, String where) {
        return RepositoryIdentity.of(url.value())
                .orElseThrow(() -> new PlanConfigurationException(where + ": cannot tell which repository " + url + " is"));
    }
}
