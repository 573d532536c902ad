package dev.slipway.status.http;

import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.stream.BuildChanges;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;

/**
 * The pipeline's changes as Server-Sent Events: each change to a build is an event named
 * {@code build} whose data is the build's summary (one line of JSON) and whose id grows; a comment
 * comes at once and then every {@code slipway.status.stream.heartbeat} so the connection stays open.
 */
@Controller
@Secured(Roles.VIEWER)
@Tag(name = "events", description = "live changes to builds as Server-Sent Events")
public class EventsController {
    private final BuildChanges changes;

    public EventsController(BuildChanges changes) {
        this.changes = changes;
    }

    @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Every build change of every plan, as it happens (text/event-stream, events named 'build')")
    public Publisher<Event<String>> all() {
        return changes.events(null);
    }

    @Get(value = "/plans/{plan}/events", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Every build change of one plan, as it happens (text/event-stream, events named 'build')")
    public Publisher<Event<String>> plan(@PathVariable("plan") String plan) {
        return changes.events(PlanName.of(plan));
    }

    @Error(exception = IllegalArgumentException.class)
    HttpResponse<ErrorMessage> badRequest(IllegalArgumentException e) {
        return HttpResponse.badRequest(new ErrorMessage(e.getMessage()));
    }
}
