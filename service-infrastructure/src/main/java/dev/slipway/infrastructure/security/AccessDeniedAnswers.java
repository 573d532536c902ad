package dev.slipway.infrastructure.security;

import dev.slipway.infrastructure.http.ErrorMessage;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * 401 and 403 answers that say what is needed: {@code {"message": "..."}} like every other error,
 * naming the role the endpoint needs and, for a token that has too little, the role it has.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AccessDeniedAnswers implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        String needed = neededRole(request).map(role -> "the " + role.key() + " role").orElse("a role this service grants");
        Authentication authentication = exception.getAuthentication();
        if (authentication == null || !exception.isForbidden()) {
            boolean presented = request.getHeaders().getAuthorization().isPresent();
            String message = (presented ? "the bearer token is not one this service accepts" : "this endpoint needs a bearer token")
                    + ": send 'Authorization: Bearer <token>' with a token that has " + needed;
            return HttpResponse.<ErrorMessage>status(HttpStatus.UNAUTHORIZED).body(new ErrorMessage(message))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        Object role = authentication.getAttributes().getOrDefault(ApiTokenValidator.ROLE_ATTRIBUTE, "no role");
        return HttpResponse.<ErrorMessage>status(HttpStatus.FORBIDDEN).body(new ErrorMessage("this needs " + needed
                + "; token '" + authentication.getName() + "' has the " + role + " role"));
    }

    /** The least role the route's {@code @Secured} accepts. */
    private static Optional<Role> neededRole(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(route -> route.getAnnotationMetadata().stringValues(Secured.class))
                .flatMap(values -> Arrays.stream(values).map(Role::of).flatMap(Optional::stream).min(Comparator.naturalOrder()));
    }
}
