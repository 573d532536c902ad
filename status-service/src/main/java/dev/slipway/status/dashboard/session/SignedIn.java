package dev.slipway.status.dashboard.session;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Optional;

/** The session behind a dashboard request that Micronaut Security let through. */
@Singleton
public class SignedIn {
    private final SessionStore sessions;

    public SignedIn(SessionStore sessions) {
        this.sessions = sessions;
    }

    /** The session of the authentication; a bearer token's authentication has none ({@link NotSignedInException}). */
    public DashboardSession session(Authentication authentication) {
        return find(authentication).orElseThrow(NotSignedInException::new);
    }

    /** The session of the request, if it has one (error pages show who is signed in when they can). */
    public Optional<DashboardSession> current(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class).flatMap(this::find);
    }

    private Optional<DashboardSession> find(Authentication authentication) {
        Object id = authentication == null ? null : authentication.getAttributes().get(SessionTokenValidator.SESSION_ATTRIBUTE);
        return id instanceof String value ? sessions.find(value) : Optional.empty();
    }
}
