package dev.slipway.artifact.http;

import dev.slipway.infrastructure.files.UnreadableStateFileException;
import dev.slipway.infrastructure.http.ErrorMessage;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns this API's failures into their status and a {@code {"message": "..."}} body. */
final class ErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

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

    /**
     * A damaged file of the store: the fault is ours, not the caller's (500), and the message names
     * the file, so whoever reads the answer or the log knows which one to restore or move aside.
     */
    @Produces
    @Singleton
    @Requires(classes = {UnreadableStateFileException.class, ExceptionHandler.class})
    static class UnreadableStateFile implements ExceptionHandler<UnreadableStateFileException, HttpResponse<ErrorMessage>> {
        @Override
        public HttpResponse<ErrorMessage> handle(HttpRequest request, UnreadableStateFileException exception) {
            LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), exception.getMessage());
            return HttpResponse.serverError(new ErrorMessage(exception.getMessage()));
        }
    }
}
