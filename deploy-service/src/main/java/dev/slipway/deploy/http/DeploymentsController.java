package dev.slipway.deploy.http;

import dev.slipway.deploy.builds.BuildCatalog;
import dev.slipway.deploy.builds.BuildNotFoundException;
import dev.slipway.deploy.environment.EnvironmentNotConfiguredException;
import dev.slipway.deploy.environment.Environments;
import dev.slipway.deploy.ledger.DeploymentLedger;
import dev.slipway.deploy.policy.ManualDeployments;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.EventNotPublishedException;
import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.infrastructure.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.List;

/**
 * {@code POST /deployments} asks for a build in an environment (rollback or promotion);
 * {@code GET /deployments/{plan}} says where each environment of a plan stands. Changing what runs
 * takes an operator's token; looking takes a viewer's.
 */
@Controller("/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsController {
    private final ManualDeployments manual;
    private final DeploymentLedger ledger;
    private final BuildCatalog catalog;
    private final Environments environments;

    public DeploymentsController(ManualDeployments manual, DeploymentLedger ledger, BuildCatalog catalog, Environments environments) {
        this.manual = manual;
        this.ledger = ledger;
        this.catalog = catalog;
        this.environments = environments;
    }

    @Post
    @Secured(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<DeploymentViews.Requested> request(@Body String body) {
        DeploymentRequestBody parsed = DeploymentRequestBody.parse(body);
        DeployRequested request = manual.request(parsed.plan(), parsed.buildNumber(), parsed.environment());
        return HttpResponse.accepted().body(DeploymentViews.Requested.of(request));
    }

    @Get("/{plan}")
    @Secured(Roles.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> show(@PathVariable("plan") String plan) {
        PlanName name = PlanName.of(plan);
        List<DeploymentViews.EnvironmentView> views = ledger.environments(name).entrySet().stream()
                .flatMap(entry -> environments.find(entry.getKey(), name).stream()
                        .map(environment -> DeploymentViews.EnvironmentView.of(environment, entry.getValue(),
                                ledger.kept(name, entry.getKey()), ledger.serving(name, entry.getKey()))))
                .toList();
        if (views.isEmpty() && catalog.all(name).isEmpty()) {
            return HttpResponse.notFound(new ErrorMessage("plan '" + name + "' has no builds and no deployments"));
        }
        return HttpResponse.ok(new DeploymentViews.PlanDeployments(name.value(), views));
    }

    @Error(exception = IllegalArgumentException.class)
    HttpResponse<ErrorMessage> badRequest(IllegalArgumentException e) {
        return HttpResponse.badRequest(new ErrorMessage(e.getMessage()));
    }

    @Error(exception = BuildNotFoundException.class)
    HttpResponse<ErrorMessage> noSuchBuild(BuildNotFoundException e) {
        return HttpResponse.notFound(new ErrorMessage(e.getMessage()));
    }

    @Error(exception = EnvironmentNotConfiguredException.class)
    HttpResponse<ErrorMessage> noSuchEnvironment(EnvironmentNotConfiguredException e) {
        return HttpResponse.<ErrorMessage>status(HttpStatus.CONFLICT).body(new ErrorMessage(e.getMessage()));
    }

    @Error(exception = EventNotPublishedException.class)
    HttpResponse<ErrorMessage> brokerDown(EventNotPublishedException e) {
        return HttpResponse.<ErrorMessage>status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorMessage("the request could not be queued, try again: " + e.getMessage()));
    }
}
