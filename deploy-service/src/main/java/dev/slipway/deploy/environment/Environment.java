package dev.slipway.deploy.environment;

import dev.slipway.deploy.targets.AppName;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A configured environment, checked. */
public record Environment(
        EnvironmentName name,
        EnvironmentKind kind,
        String target,
        List<PlanPattern> plans,
        boolean autoDeploy,
        int keep,
        int maxPreviews,
        Duration waitDeadline,
        Duration healthTimeout) {

    public Environment {
        plans = List.copyOf(plans);
        if (keep < 1) {
            throw new IllegalArgumentException("environment " + name + ": keep must be 1 or more, was " + keep);
        }
        if (maxPreviews < 1) {
            throw new IllegalArgumentException("environment " + name + ": max-previews must be 1 or more, was " + maxPreviews);
        }
    }

    public boolean takes(PlanName plan) {
        return plans.isEmpty() || plans.stream().anyMatch(pattern -> pattern.matches(plan));
    }

    /** One app, updated in place: a stable environment, or one pull request's preview. */
    public boolean stable() {
        return kind == EnvironmentKind.STABLE || kind == EnvironmentKind.PREVIEW;
    }

    public boolean preview() {
        return kind == EnvironmentKind.PREVIEW;
    }

    /** This preview template's environment for one pull request: {@code pr-<number>}, with the template's settings. */
    public Environment previewOf(EnvironmentName pullRequestEnvironment) {
        if (!preview()) {
            throw new IllegalStateException("environment " + name + " is not a preview environment");
        }
        return new Environment(pullRequestEnvironment, kind, target, plans, autoDeploy, 1, maxPreviews, waitDeadline, healthTimeout);
    }

    public AppName appName(PlanName plan, BuildNumber build) {
        return stable() ? AppName.stable(plan, name) : AppName.perBuild(plan, name, build);
    }

    public String describePlans() {
        return plans.isEmpty() ? "every plan" : plans.stream().map(PlanPattern::text).collect(Collectors.joining(", "));
    }
}
