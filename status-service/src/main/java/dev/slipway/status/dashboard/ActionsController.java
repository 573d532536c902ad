package dev.slipway.status.dashboard;

import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.dashboard.actions.PipelineActions;
import dev.slipway.status.dashboard.actions.ServiceCallException;
import dev.slipway.status.dashboard.session.CsrfGuard;
import dev.slipway.status.dashboard.session.DashboardSession;
import dev.slipway.status.dashboard.session.SignedIn;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What operators do from the dashboard: build now, and promote or roll back (after a confirmation that
 * names what replaces what). Each is handed to the service that owns it, with the person's own token;
 * what it answers is shown on the next page (a refusal in its own words). A session is needed for
 * each (Micronaut Security: 401 without one), the form must carry the session's CSRF token and come
 * from this server, and the session's role must be operator or admin (403 otherwise, checked here
 * because the refusal names the action: "rolling back needs operator").
 */
@Controller("/ui/plans/{plan}/builds")
@Secured(Roles.VIEWER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
@Produces(MediaType.TEXT_HTML)
public class ActionsController {
    private final Pages pages;
    private final DashboardModels models;
    private final SignedIn signedIn;
    private final CsrfGuard csrf;
    private final PipelineActions actions;

    public ActionsController(Pages pages, DashboardModels models, SignedIn signedIn, CsrfGuard csrf, PipelineActions actions) {
        this.pages = pages;
        this.models = models;
        this.signedIn = signedIn;
        this.csrf = csrf;
        this.actions = actions;
    }

    /** Build now: the commit given (which must be in the branch's history), or the branch's head. */
    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> trigger(@PathVariable("plan") String plan, @Body Map<String, String> form, Authentication authentication,
                                   HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        csrf.check(request, session, form);
        PlanName name = Names.plan(plan);
        requireOperator(session, "triggering a build");
        try {
            PipelineActions.Triggered triggered = actions.trigger(session.apiToken(), name, form.get("commit"), form.get("branch"));
            session.flash(DashboardSession.Flash.notice(triggered.builds().isEmpty()
                    ? "nothing was queued: " + triggered.message()
                    : "build of " + name + " requested: " + triggered.builds().stream()
                            .map(queued -> queued.branch() + " at " + queued.shortCommit()).collect(Collectors.joining(", "))));
        } catch (ServiceCallException e) {
            session.flash(DashboardSession.Flash.error("the build was not requested: " + e.getMessage()));
        }
        return HttpResponse.seeOther(URI.create(DashboardPaths.plan(name.value())));
    }

    /** The confirmation page: what the environment runs now, and what will replace it. */
    @Get("/{number}/deploy")
    public HttpResponse<?> confirm(@PathVariable("plan") String plan, @PathVariable("number") long number,
                                   @Nullable @QueryValue("environment") String environment, Authentication authentication,
                                   HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        DashboardModels.DeployTarget target = target(Names.plan(plan), number, Names.environment(environment));
        requireOperator(session, target.doing());
        String buildPage = DashboardPaths.build(target.plan(), Long.toString(number));
        return pages.ok("confirm", new ConfirmPage(Chrome.of(session, "plans"), target.plan(), number, target.environment(), target.action(),
                target.text(), buildPage + "/deploy", buildPage), request);
    }

    /** The confirmed rollback or promotion, handed to deploy-service. */
    @Post(value = "/{number}/deploy", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> deploy(@PathVariable("plan") String plan, @PathVariable("number") long number, @Body Map<String, String> form,
                                  Authentication authentication, HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        csrf.check(request, session, form);
        PlanName name = Names.plan(plan);
        EnvironmentName environment = Names.environment(form.get("environment"));
        DashboardModels.DeployTarget target = target(name, number, environment);
        requireOperator(session, target.doing());
        try {
            actions.deploy(session.apiToken(), name, number, environment);
            session.flash(DashboardSession.Flash.notice(target.requested()));
        } catch (ServiceCallException e) {
            session.flash(DashboardSession.Flash.error("the " + (target.action().equals("rollback") ? "rollback" : "promotion")
                    + " was not requested: " + e.getMessage()));
        }
        return HttpResponse.seeOther(URI.create(DashboardPaths.build(name.value(), Long.toString(number))));
    }

    private DashboardModels.DeployTarget target(PlanName plan, long number, EnvironmentName environment) {
        return models.deployTarget(plan, number, environment.value()).orElseThrow(() -> PageException.notFound("build " + number
                + " of plan '" + plan + "' cannot be deployed to " + environment + ": status-service knows no image of it, or the plan has "
                + "no deployment in " + environment));
    }

    private static void requireOperator(DashboardSession session, String doing) {
        if (!session.mayAct()) {
            throw PageException.forbidden(doing + " needs operator: you are signed in as " + session.name() + " (" + session.role().key() + ")");
        }
    }
}
