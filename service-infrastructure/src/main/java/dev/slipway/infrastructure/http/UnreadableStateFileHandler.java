package dev.slipway.infrastructure.http;

import dev.slipway.infrastructure.files.UnreadableStateFileException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that needs a damaged state file, in any service: the fault is the service's, not the
 * caller's (500), and the message names the file, so whoever reads the answer or the log knows which
 * one to restore or move aside.
 */
@Produces
@Singleton
public class UnreadableStateFileHandler implements ExceptionHandler<UnreadableStateFileException, HttpResponse<ErrorMessage>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadableStateFileHandler.class);

    @Override
    public HttpResponse<ErrorMessage> handle(HttpRequest request, UnreadableStateFileException exception) {
        LOG.error("{} {} failed: {}", request.getMethod(), request.getPath(), exception.getMessage());
        return HttpResponse.serverError(new ErrorMessage(exception.getMessage()));
    }
}
