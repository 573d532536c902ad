package dev.slipway.artifact.http;

import dev.slipway.infrastructure.http.ErrorMessage;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Turns this API's failures into their status and a {@code {"message": "..."}} body. A damaged
 * state file is answered by service-infrastructure's {@code UnreadableStateFileHandler}.
 */
final class ErrorHandlers {
    private ErrorHandlers() {
    }

    @Produces
    @Singleton
    @Requires(classes = {BuildNotFoundException.class, ExceptionHandler.class})
    static class NotFound implements ExceptionHandler<BuildNotFoundException, HttpResponse<ErrorMessage>> {
        @Override
        public HttpResponse<ErrorMessage> handle(HttpRequest request, BuildNotFoundException exception) {
            return HttpResponse.notFound(new ErrorMessage(exception.getMessage()));
        }
    }

    @Produces
    @Singleton
    @Requires(classes = {InvalidRequestException.class, ExceptionHandler.class})
    static class BadRequest implements ExceptionHandler<InvalidRequestException, HttpResponse<ErrorMessage>> {
        @Override
        public HttpResponse<ErrorMessage> handle(HttpRequest request, InvalidRequestException exception) {
            return HttpResponse.badRequest(new ErrorMessage(exception.getMessage()));
        }
    }
}
