package dev.slipway.infrastructure.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Errors the framework answers itself (an oversized body, an unknown route, a wrong content type,
 * a missing parameter) get the same {@code {"message": "..."}} body as a service's own errors.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public class MessageErrorBodies implements JsonErrorResponseBodyProvider<ErrorMessage> {

    @Override
    public ErrorMessage body(ErrorContext context, HttpResponse<?> response) {
        String message = context.getErrors().stream().map(Error::getMessage).filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
        return new ErrorMessage(message.isBlank() ? response.reason() : message);
    }
}
