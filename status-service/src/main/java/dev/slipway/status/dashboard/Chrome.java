package dev.slipway.status.dashboard;

import dev.slipway.status.dashboard.session.DashboardSession;

/**
 * What every page shows around its content: who is signed in (with the sign-out form and its CSRF
 * token), the navigation, and the message the person's last action left (a notice or an error).
 *
 * @param section {@code plans} or {@code bus}: the navigation link marked as the current page
 * @param canAct  operators and admins see the action forms; viewers see none
 */
public record Chrome(String name, String role, String csrf, boolean canAct, String section, String notice, String error) {

    /** The chrome of a signed-in person's page; it takes the message their last action left. */
    public static Chrome of(DashboardSession session, String section) {
        DashboardSession.Flash flash = session.takeFlash();
        return new Chrome(session.name(), session.role().key(), session.csrfToken(), session.mayAct(), section,
                flash != null && !flash.error() ? flash.text() : null, flash != null && flash.error() ? flash.text() : null);
    }

    /** As {@link #of}, leaving the message for the next page (an error page is not where it belongs). */
    public static Chrome keepingMessages(DashboardSession session) {
        return new Chrome(session.name(), session.role().key(), session.csrfToken(), session.mayAct(), null, null, null);
    }

    /** Nobody signed in: the sign-in page, and error pages of requests without a session. */
    public static Chrome anonymous() {
        return new Chrome(null, null, null, false, null, null, null);
    }

    public boolean signedIn() {
        return name != null;
    }
}
