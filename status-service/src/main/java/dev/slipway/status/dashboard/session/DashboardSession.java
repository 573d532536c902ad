package dev.slipway.status.dashboard.session;

import dev.slipway.infrastructure.security.Role;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A person signed in to the dashboard: the name and role of the API token they signed in with, the
 * token itself (the dashboard calls image-, webhook- and deploy-service with it on their behalf; it
 * never goes back to the browser), the CSRF token every form of theirs carries, and a message for
 * their next page (what their last action did).
 */
public final class DashboardSession {
    private final String id;
    private final String name;
    private final Role role;
    private final String apiToken;
    private final String csrfToken;
    private final AtomicReference<Flash> flash = new AtomicReference<>();
    private volatile Instant lastUsed;

    DashboardSession(String id, String name, Role role, String apiToken, String csrfToken, Instant now) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.apiToken = apiToken;
        this.csrfToken = csrfToken;
        this.lastUsed = now;
    }

    String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    /** Whether the session may trigger, promote and roll back (an operator's or an admin's). */
    public boolean mayAct() {
        return role.compareTo(Role.OPERATOR) >= 0;
    }

    /** The API token the person signed in with, for the calls the dashboard makes on their behalf. */
    public String apiToken() {
        return apiToken;
    }

    public String csrfToken() {
        return csrfToken;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void used(Instant now) {
        lastUsed = now;
    }

    /** Keeps a message for the next page this person sees (the result of an action, after its redirect). */
    public void flash(Flash message) {
        flash.set(message);
    }

    /** The message kept for this page, once. */
    public Flash takeFlash() {
        return flash.getAndSet(null);
    }

    /** Without the tokens: whatever prints a session must not print them. */
    @Override
    public String toString() {
        return "DashboardSession[" + name + " (" + role.key() + ")]";
    }

    /**
     * A message for the next page.
     *
     * @param error whether it says that something was refused or failed (shown as {@code p#error}, else {@code p#notice})
     */
    public record Flash(String text, boolean error) {
        public static Flash notice(String text) {
            return new Flash(text, false);
        }

        public static Flash error(String text) {
            return new Flash(text, true);
        }
    }
}
