package dev.slipway.deploy.preview;

import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.ledger.Removal;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the previews of one preview environment within its {@code max-previews}, over every plan it takes: when a
 * pull request's first preview would be one too many, the previews updated longest ago make room for it.
 */
@Singleton
public class PreviewQuota {
    private final Environments environments;
    private final DeploymentLedger ledger;

    public PreviewQuota(Environments environments, DeploymentLedger ledger) {
        this.environments = environments;
        this.ledger = ledger;
    }

    /**
     * The previews to remove before {@code request} (to a preview environment) is deployed; none when it replaces a
     * preview that exists already. Each is written to the ledger as a pending removal before it is returned, so a
     * second decision does not count it, and a restart still does it.
     */
    public synchronized List<Removal> makeRoomFor(DeployRequested request) {
        Environment preview = environments.previewsFor(request.plan()).orElse(null);
        if (preview == null || ledger.current(request.plan(), request.environment()).isPresent()) {
            return List.of();
        }
        Set<String> beingRemoved = new HashSet<>();
        for (Removal removal : ledger.unfinishedRemovals()) {
            beingRemoved.add(removal.plan() + "/" + removal.environment());
        }
        List<Running> others = new ArrayList<>();
        for (Map.Entry<PlanName, Map<EnvironmentName, Deployment>> plan : ledger.allEnvironments().entrySet()) {
            if (!sameTemplate(plan.getKey(), preview)) {
                continue;
            }
            plan.getValue().forEach((environment, deployment) -> {
                boolean self = plan.getKey().equals(request.plan()) && environment.equals(request.environment());
                if (!self && Environments.isPreview(environment) && !beingRemoved.contains(plan.getKey() + "/" + environment)) {
                    others.add(new Running(plan.getKey(), environment, deployment));
                }
            });
        }
        int excess = others.size() - (preview.maxPreviews() - 1);
        if (excess <= 0) {
            return List.of();
        }
        others.sort(Comparator.comparing(running -> running.deployment().updatedAt()));
        List<Removal> removals = new ArrayList<>();
        for (Running oldest : others.subList(0, excess)) {
            Removal removal = new Removal(oldest.plan(), oldest.environment(),
                    EventId.derived(request.eventId() + "/makes-room/" + oldest.plan() + "/" + oldest.environment()),
                    "preview " + oldest.environment() + " of " + oldest.plan() + " was removed to make room for "
                            + request.environment() + " of " + request.plan() + ": at most " + preview.maxPreviews()
                            + " previews run at once, and it was updated longest ago");
            ledger.plan(removal);
            removals.add(removal);
        }
        return removals;
    }

    /** Whether {@code plan}'s previews count against the preview environment {@code preview}. */
    private boolean sameTemplate(PlanName plan, Environment preview) {
        return environments.previewsFor(plan).map(template -> template.name().equals(preview.name())).orElse(false);
    }

    private record Running(PlanName plan, EnvironmentName environment, Deployment deployment) {
    }
}
