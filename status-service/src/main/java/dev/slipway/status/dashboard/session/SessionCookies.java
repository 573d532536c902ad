package dev.slipway.status.dashboard.session;

import dev.slipway.status.dashboard.DashboardConfiguration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The session cookie {@value #NAME}: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it along), Path=/, and Secure unless {@code slipway.status.dashboard.secure-cookie} is
 * false. It holds only the session's random id; the session itself stays on the server.
 */
@Singleton
public class SessionCookies {
    public static final String NAME = "slipway_session";

    private final boolean secure;

    public SessionCookies(DashboardConfiguration configuration) {
        this.secure = configuration.secureCookie();
    }

    Cookie of(DashboardSession session) {
        return base(session.id());
    }

    /** A cookie that makes the browser forget the session. */
    Cookie cleared() {
        return base("").maxAge(0);
    }

    static Optional<String> sessionId(HttpRequest<?> request) {
        return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(value -> !value.isBlank());
    }

    private Cookie base(String value) {
        return Cookie.of(NAME, value).httpOnly(true).sameSite(SameSite.Strict).path("/").secure(secure);
    }
}
