package dev.slipway.status.dashboard.session;

import dev.slipway.status.dashboard.DashboardPaths;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Hands Micronaut Security the session cookie of a dashboard request, so that {@code @Secured} guards
 * the pages as it guards the API. Only under /ui: the JSON API stays bearer-only, so a browser that
 * is signed in to the dashboard does not also carry its session to the API.
 */
@Singleton
public class SessionCookieTokenReader implements TokenReader<HttpRequest<?>> {
    /** Before the bearer reader: on a dashboard page the session is who is asking. */
    static final int ORDER = -100;

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        return DashboardPaths.isDashboard(request.getPath()) ? SessionCookies.sessionId(request) : Optional.empty();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
