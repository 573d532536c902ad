package dev.slipway.status.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.slipway.infrastructure.http.ErrorMessage;
import dev.slipway.infrastructure.security.Roles;
import dev.slipway.status.deadletters.DeadLetter;
import dev.slipway.status.deadletters.DeadLetterStore;
import dev.slipway.status.views.Times;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Records parked on the dead-letter topics (and those status-service itself could not read), newest first. */
@Controller("/dead-letters")
@Secured(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dead letters", description = "records a stage gave up on")
public class DeadLettersController {
    static final int MAX_LIMIT = 1000;

    private final DeadLetterStore store;
    private final ApiConfiguration configuration;

    public DeadLettersController(DeadLetterStore store, ApiConfiguration configuration) {
        this.store = store;
        this.configuration = configuration;
    }

    @Get
    @Operation(summary = "Dead letters, newest first")
    public DeadLetters list(@Nullable @QueryValue("topic") @Parameter(description = "only this topic (e.g. slipway.image-built.dlt)") String topic,
                            @Nullable @QueryValue("limit") @Parameter(description = "at most this many, 1 to 1000 (default 50)") Integer limit) {
        int count = limit == null ? configuration.defaultDeadLetterLimit() : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw new IllegalArgumentException("query parameter 'limit' must be between 1 and " + MAX_LIMIT + ", was " + count);
        }
        return new DeadLetters(store.newest(topic == null || topic.isBlank() ? null : topic, count).stream().map(DeadLetterView::of).toList());
    }

    @Error(exception = IllegalArgumentException.class)
    HttpResponse<ErrorMessage> badRequest(IllegalArgumentException e) {
        return HttpResponse.badRequest(new ErrorMessage(e.getMessage()));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetters(List<DeadLetterView> deadLetters) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetterView(String topic, int partition, long offset, String originalTopic, String reason, String time, String plan,
                                 String eventId) {
        static DeadLetterView of(DeadLetter letter) {
            return new DeadLetterView(letter.topic(), letter.partition(), letter.offset(), letter.originalTopic(), letter.reason(),
                    Times.format(letter.time()), letter.plan(), letter.eventId() == null ? null : letter.eventId().toString());
        }
    }
}
