package dev.slipway.status.dashboard.session;

import dev.slipway.status.dashboard.Chrome;

/**
 * The sign-in form.
 *
 * @param next  the page to go to once signed in (a page of this dashboard), or null
 * @param error why the last try failed, or null
 */
public record SignInPage(Chrome chrome, String next, String error) {
}
