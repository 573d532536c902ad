package dev.slipway.status.http;

import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.monitoring.Monitoring;
import dev.slipway.status.monitoring.MonitoringReport;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** How each stage keeps up with its topics: the latest sample's figures, and the last hour's. */
@Controller("/monitoring")
@Secured(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "monitoring", description = "consumer-group lag, throughput, dead letters and stage durations")
public class MonitoringController {
    private final Monitoring monitoring;

    public MonitoringController(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @Get
    @Operation(summary = "Per pipeline consumer group and topic: lag, oldest unprocessed age, records in and out per minute, "
            + "dead letters, and stage durations (p50, p95)")
    @ApiResponse(responseCode = "200", description = "the latest sample's figures (sampledAt says when; a broker that is away keeps it old)",
            content = @Content(schema = @Schema(implementation = MonitoringReport.class)))
    @ApiResponse(responseCode = "503", description = "the broker has not been sampled yet",
            content = @Content(schema = @Schema(implementation = ErrorMessage.class)))
    public HttpResponse<?> report() {
        return monitoring.latest().<HttpResponse<?>>map(HttpResponse::ok).orElseGet(() -> HttpResponse
                .status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorMessage("status-service has not sampled the broker yet" + monitoring.lastFailure()
                        .map(failure -> " (last try: " + failure.message() + ")").orElse("; try again in a moment"))));
    }

    @Get("/history")
    @Operation(summary = "Each sample of the last hour, oldest first: per stage its lag, records in and out per minute, dead letters")
    public MonitoringReport.History history() {
        return monitoring.history();
    }
}
