package dev.slipway.status.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.slipway.events.domain.PlanName;
import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.views.BuildDetail;
import dev.slipway.status.views.BuildPage;
import dev.slipway.status.views.BuildViews;
import dev.slipway.status.views.PlanView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Plans, their builds, and one build's story. Reading takes a viewer's token. */
@Controller
@Secured(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "builds", description = "plans, their builds, and each build's stages, environments and timeline")
public class StatusController {
    static final int MAX_PAGE_SIZE = 100;

    private final BuildViews views;
    private final ApiConfiguration configuration;

    public StatusController(BuildViews views, ApiConfiguration configuration) {
        this.views = views;
        this.configuration = configuration;
    }

    /** Every plan status-service knows, by name, with its latest build and where each environment stands. */
    @Get("/plans")
    @Operation(summary = "Every plan with its latest build and environments, sorted by plan name")
    public Plans plans() {
        return new Plans(views.plans());
    }

    @Get("/plans/{plan}")
    @Operation(summary = "One plan with its latest build and environments")
    @ApiResponse(responseCode = "200", description = "the plan")
    @ApiResponse(responseCode = "404", description = "no build of the plan is known", content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public PlanView plan(@PathVariable("plan") @Parameter(description = "the plan's name") String plan) {
        PlanName name = PlanName.of(plan);
        return views.plan(name).orElseThrow(() -> unknownPlan(name));
    }

    @Get("/plans/{plan}/builds")
    @Operation(summary = "A page of the plan's builds, newest first (by the time they were received, then by number)")
    @ApiResponse(responseCode = "200", description = "the page")
    @ApiResponse(responseCode = "400", description = "page below 0, or size outside 1..100", content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    @ApiResponse(responseCode = "404", description = "no build of the plan is known", content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public BuildPage builds(@PathVariable("plan") String plan,
                            @Nullable @QueryValue("page") @Parameter(description = "page number, from 0") Integer page,
                            @Nullable @QueryValue("size") @Parameter(description = "builds per page, 1 to 100 (default 20)") Integer size) {
        PlanName name = PlanName.of(plan);
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? configuration.defaultPageSize() : size;
        if (pageNumber < 0) {
            throw new IllegalArgumentException("query parameter 'page' must be 0 or more, was " + pageNumber);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("query parameter 'size' must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        return views.page(name, pageNumber, pageSize).orElseThrow(() -> unknownPlan(name));
    }

    @Get("/plans/{plan}/builds/{ref}")
    @Operation(summary = "One build: its stages, environments, artifact, image, links and timeline")
    @ApiResponse(responseCode = "200", description = "the build")
    @ApiResponse(responseCode = "404", description = "the plan, or that build of it, is not known", content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public BuildDetail build(@PathVariable("plan") String plan,
                             @PathVariable("ref") @Parameter(description = "a build number, 'latest', a commit sha or a prefix of at "
                                     + "least 7 hex digits (the newest build of that commit), or a request id (the CommitReceived "
                                     + "event id, which addresses a build that never got a number)") String ref) {
        PlanName name = PlanName.of(plan);
        return views.build(name, ref).orElseThrow(() -> views.knows(name)
                ? new NotKnownException("no build '" + ref + "' of plan '" + name + "' is known to status-service (a build is a number, "
                        + "'latest', a commit sha or a prefix of at least 7 hex digits, or a request id)")
                : unknownPlan(name));
    }

    private static NotKnownException unknownPlan(PlanName plan) {
        return new NotKnownException("no build of plan '" + plan + "' is known to status-service");
    }

    @Error(exception = NotKnownException.class)
    HttpResponse<ErrorMessage> notKnown(NotKnownException e) {
        return HttpResponse.notFound(new ErrorMessage(e.getMessage()));
    }

    @Error(exception = IllegalArgumentException.class)
    HttpResponse<ErrorMessage> badRequest(IllegalArgumentException e) {
        return HttpResponse.badRequest(new ErrorMessage(e.getMessage()));
    }

    /** {@code GET /plans}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Plans(List<PlanView> plans) {
    }
}
