package dev.slipway.status.dashboard;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;

/** The server's root, and the dashboard's: both lead to the plans (which lead to the sign-in page without a session). */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
@Produces(MediaType.TEXT_HTML)
public class RootController {

    @Get
    public HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create(DashboardPaths.PLANS));
    }

    @Get(DashboardPaths.ROOT)
    public HttpResponse<?> dashboard() {
        return HttpResponse.seeOther(URI.create(DashboardPaths.PLANS));
    }
}
