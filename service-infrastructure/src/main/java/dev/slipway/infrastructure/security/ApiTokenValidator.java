package dev.slipway.infrastructure.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/** Reads a bearer token as one of the configured {@link ApiTokens}, with the roles its role grants. */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
    /** Where an {@link Authentication} keeps the role the token was given (the roles hold the ones below it too). */
    public static final String ROLE_ATTRIBUTE = "slipwayRole";

    private final ApiTokens tokens;

    public ApiTokenValidator(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return tokens.find(token)
                .map(found -> Publishers.just(Authentication.build(found.name(), found.role().granted(),
                        Map.of(ROLE_ATTRIBUTE, found.role().key()))))
                .orElseGet(Publishers::empty);
    }
}
