package dev.slipway.status.dashboard.session;

import dev.slipway.infrastructure.security.ApiToken;
import dev.slipway.status.dashboard.DashboardConfiguration;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sessions, in memory: a restart signs everyone out (they sign in again with their
 * token). A session unused for {@code slipway.status.dashboard.session-timeout} is over; expired ones
 * are dropped when found and whenever someone signs in, so the map holds no more than the people
 * who used the dashboard within the timeout.
 */
@Singleton
public class SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, DashboardSession> sessions = new ConcurrentHashMap<>();
    private final Duration timeout;

    public SessionStore(DashboardConfiguration configuration) {
        this.timeout = configuration.sessionTimeout();
    }

    /** A new session for the holder of {@code token}, which was presented as {@code presented}. */
    public DashboardSession open(ApiToken token, String presented) {
        Instant now = Instant.now();
        sessions.values().removeIf(session -> expired(session, now));
        DashboardSession session = new DashboardSession(randomId(), token.name(), token.role(), presented, randomId(), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The session with this id, if it is still open; finding it counts as using it. */
    public Optional<DashboardSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        DashboardSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        if (expired(session, now)) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        session.used(now);
        return Optional.of(session);
    }

    public void close(DashboardSession session) {
        sessions.remove(session.id(), session);
    }

    private boolean expired(DashboardSession session, Instant now) {
        return session.lastUsed().plus(timeout).isBefore(now);
    }

    /** 32 random bytes: nobody can guess a session id or a CSRF token. */
    private static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
