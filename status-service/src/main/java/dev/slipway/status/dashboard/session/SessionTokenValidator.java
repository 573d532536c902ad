package dev.slipway.status.dashboard.session;

import dev.slipway.infrastructure.security.ApiTokenValidator;
import dev.slipway.status.dashboard.DashboardPaths;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * A dashboard request's session cookie as an {@link Authentication}: the name and roles of the token
 * its holder signed in with (the same roles as the API's), and the session it belongs to. Only a value
 * that came in the cookie counts: a session id sent as a bearer token authenticates nothing.
 */
@Singleton
public class SessionTokenValidator implements TokenValidator<HttpRequest<?>> {
    /** Where the {@link Authentication} of a session keeps its id, for {@link SignedIn}. */
    static final String SESSION_ATTRIBUTE = "slipwaySession";

    private final SessionStore sessions;

    public SessionTokenValidator(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!DashboardPaths.isDashboard(request.getPath()) || !SessionCookies.sessionId(request).map(token::equals).orElse(false)) {
            return Publishers.empty();
        }
        return sessions.find(token)
                .map(session -> Publishers.just(Authentication.build(session.name(), session.role().granted(),
                        Map.of(ApiTokenValidator.ROLE_ATTRIBUTE, session.role().key(), SESSION_ATTRIBUTE, session.id()))))
                .orElseGet(Publishers::empty);
    }

    @Override
    public int getOrder() {
        return SessionCookieTokenReader.ORDER;
    }
}
