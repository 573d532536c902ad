package dev.slipway.status.dashboard;

import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.dashboard.session.DashboardSession;
import dev.slipway.status.dashboard.session.SignedIn;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The parts of pages that the dashboard's script fetches again when something changes, rendered by the
 * same templates as the pages: a plan's row, a build's row, a build's parts and log, the bus's table.
 * Without a session they answer 401 (the script then leads to the sign-in page), never a redirect.
 */
@Controller("/ui/fragments")
@Secured(Roles.VIEWER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
@Produces(MediaType.TEXT_HTML)
public class FragmentsController {
    private final Pages pages;
    private final DashboardModels models;
    private final SignedIn signedIn;
    private final BuildLogs logs;

    public FragmentsController(Pages pages, DashboardModels models, SignedIn signedIn, BuildLogs logs) {
        this.pages = pages;
        this.models = models;
        this.signedIn = signedIn;
        this.logs = logs;
    }

    /** Every plan's row (the page catches up with them after its stream was interrupted). */
    @Get("/plans")
    public HttpResponse<?> plans(Authentication authentication, HttpRequest<?> request) {
        signedIn.session(authentication);
        return pages.ok("tag/plansBody", models.plans(), request);
    }

    /** The rows of a page of the plan's builds. */
    @Get("/plans/{plan}/builds")
    public HttpResponse<?> builds(@PathVariable("plan") String plan, @Nullable @QueryValue("page") Integer page,
                                  Authentication authentication, HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        PlanPage model = models.planPage(Chrome.keepingMessages(session), name, Names.page(page))
                .orElseThrow(() -> DashboardController.unknownPlan(name));
        return pages.ok("tag/buildsBody", model.builds(), request);
    }

    @Get("/plans/{plan}")
    public HttpResponse<?> planRow(@PathVariable("plan") String plan, Authentication authentication, HttpRequest<?> request) {
        signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        return pages.ok("tag/planRow", models.planRow(name).orElseThrow(() -> DashboardController.unknownPlan(name)), request);
    }

    @Get("/plans/{plan}/builds/{ref}/row")
    public HttpResponse<?> buildRow(@PathVariable("plan") String plan, @PathVariable("ref") String ref, Authentication authentication,
                                    HttpRequest<?> request) {
        signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        return pages.ok("tag/buildRow", models.buildRow(name, ref).orElseThrow(() -> DashboardController.unknownBuild(name, ref)), request);
    }

    @Get("/plans/{plan}/builds/{ref}/parts")
    public HttpResponse<?> buildParts(@PathVariable("plan") String plan, @PathVariable("ref") String ref, Authentication authentication,
                                      HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        return pages.ok("tag/buildParts", models.buildParts(name, ref, session.mayAct())
                .orElseThrow(() -> DashboardController.unknownBuild(name, ref)), request);
    }

    @Get("/plans/{plan}/builds/{ref}/log")
    public HttpResponse<?> log(@PathVariable("plan") String plan, @PathVariable("ref") String ref, Authentication authentication,
                               HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        Long number = models.number(name, ref).orElseThrow(() -> DashboardController.unknownBuild(name, ref));
        return pages.ok("tag/log", logs.of(session, name, number), request);
    }

    @Get("/bus")
    public HttpResponse<?> bus(Authentication authentication, HttpRequest<?> request) {
        signedIn.session(authentication);
        return pages.ok("tag/busTable", models.bus(), request);
    }
}
