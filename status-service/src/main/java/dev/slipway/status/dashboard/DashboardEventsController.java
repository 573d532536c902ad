package dev.slipway.status.dashboard;

import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.dashboard.session.SignedIn;
import dev.slipway.status.stream.BuildChanges;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.reactivestreams.Publisher;

/**
 * The pages' live updates: the same {@code build} events as the API's {@code /events}, for a browser's
 * EventSource, which can send the session cookie but no bearer token.
 */
@Controller
@Secured(Roles.VIEWER)
@Hidden
public class DashboardEventsController {
    private final BuildChanges changes;
    private final SignedIn signedIn;

    public DashboardEventsController(BuildChanges changes, SignedIn signedIn) {
        this.changes = changes;
        this.signedIn = signedIn;
    }

    /** @param plan only this plan's changes; every plan's without it */
    @Get(value = DashboardPaths.EVENTS, produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> events(@Nullable @QueryValue("plan") String plan, Authentication authentication) {
        signedIn.session(authentication);
        return changes.events(plan == null || plan.isBlank() ? null : Names.plan(plan));
    }
}
