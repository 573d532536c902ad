package dev.slipway.deploy.http;

import dev.slipway.deploy.environment.Environment;
import dev.slipway.deploy.ledger.Deployment;
import dev.slipway.events.DeployRequested;

import java.util.List;
import java.util.Optional;

/** The JSON shapes of the deployments API. */
final class DeploymentViews {
    private DeploymentViews() {
    }

    /** What {@code POST /deployments} answers: the request it emitted. */
    record Requested(String eventId, String plan, long buildNumber, String environment, String reason, String image) {
        static Requested of(DeployRequested request) {
            return new Requested(request.eventId().toString(), request.plan().value(), request.build().number().value(),
                    request.environment().value(), request.reason().json(), request.image().toString());
        }
    }

    /** {@code GET /deployments/{plan}}. */
    record PlanDeployments(String plan, List<EnvironmentView> environments) {
    }

    /**
     * One environment of the plan.
     *
     * @param reason why it waits or failed, in the cluster's words; null while deploying fine or running
     * @param builds per-build environments: every build whose app is kept, oldest first
     * @param serving stable and preview environments: the build it serves, the last that ran healthy; it differs
     *                from {@code build} while a newer build is tried, and after one was rolled back
     */
    record EnvironmentView(String environment, String kind, String target, long build, String state, String reason,
                           String url, String appId, String requestedAs, String updatedAt, List<BuildView> builds,
                           BuildView serving) {

        static EnvironmentView of(Environment environment, Deployment current, List<Deployment> kept, Optional<Deployment> serving) {
            return new EnvironmentView(environment.name().value(), environment.kind().json(), environment.target(),
                    current.build().value(), current.state().json(), current.detail(),
                    current.url() == null ? null : current.url().toString(), current.appId(), current.requestedAs().json(),
                    current.updatedAt().toString(), environment.stable() ? null : kept.stream().map(BuildView::of).toList(),
                    environment.stable() ? serving.map(BuildView::of).orElse(null) : null);
        }
    }

    record BuildView(long build, String state, String reason, String url, String appId) {
        static BuildView of(Deployment deployment) {
            return new BuildView(deployment.build().value(), deployment.state().json(), deployment.detail(),
                    deployment.url() == null ? null : deployment.url().toString(), deployment.appId());
        }
    }
}
