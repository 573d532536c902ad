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

/** The dashboard's pages: the plans, a plan's builds, one build, the bus. Each needs a signed-in viewer (or more). */
@Controller(DashboardPaths.ROOT)
@Secured(Roles.VIEWER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
@Produces(MediaType.TEXT_HTML)
public class DashboardController {
    private final Pages pages;
    private final DashboardModels models;
    private final SignedIn signedIn;
    private final BuildLogs logs;
    private final DashboardConfiguration configuration;

    public DashboardController(Pages pages, DashboardModels models, SignedIn signedIn, BuildLogs logs, DashboardConfiguration configuration) {
        this.pages = pages;
        this.models = models;
        this.signedIn = signedIn;
        this.logs = logs;
        this.configuration = configuration;
    }

    @Get("/plans")
    public HttpResponse<?> plans(Authentication authentication, HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        return pages.ok("plans", new PlansPage(Chrome.of(session, "plans"), models.plans()), request);
    }

    @Get("/plans/{plan}")
    public HttpResponse<?> plan(@PathVariable("plan") String plan, @Nullable @QueryValue("page") Integer page, Authentication authentication,
                                HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        PlanPage model = models.planPage(Chrome.of(session, "plans"), name, Names.page(page))
                .orElseThrow(() -> unknownPlan(name));
        return pages.ok("plan", model, request);
    }

    @Get("/plans/{plan}/builds/{ref}")
    public HttpResponse<?> build(@PathVariable("plan") String plan, @PathVariable("ref") String ref, Authentication authentication,
                                 HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        PlanName name = Names.plan(plan);
        BuildParts parts = models.buildParts(name, ref, session.mayAct()).orElseThrow(() -> unknownBuild(name, ref));
        String fragments = DashboardPaths.FRAGMENTS + "plans/" + name + "/builds/" + parts.ref();
        return pages.ok("build", new BuildPage(Chrome.of(session, "plans"), parts, logs.of(session, name, parts.number()),
                fragments + "/parts", fragments + "/log", configuration.logRefresh().toMillis()), request);
    }

    @Get("/bus")
    public HttpResponse<?> bus(Authentication authentication, HttpRequest<?> request) {
        DashboardSession session = signedIn.session(authentication);
        return pages.ok("bus", new BusPage(Chrome.of(session, "bus"), models.bus(), models.busRefreshMillis()), request);
    }

    static PageException unknownPlan(PlanName plan) {
        return PageException.notFound("no build of plan '" + plan + "' is known to status-service");
    }

    static PageException unknownBuild(PlanName plan, String ref) {
        return PageException.notFound("no build '" + ref + "' of plan '" + plan + "' is known to status-service");
    }
}
