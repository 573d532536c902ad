package dev.slipway.status.dashboard.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which Origin (or Referer) names the server a form was sent to (its Host header). */
class OriginsTest {

    @Test
    void theSameHostAndPortIsThisServer() {
        assertTrue(CsrfGuard.sameServer("http://127.0.0.1:8085", "127.0.0.1:8085"));
        assertTrue(CsrfGuard.sameServer("http://127.0.0.1:8085/ui/plans/x?page=1", "127.0.0.1:8085"));
        assertTrue(CsrfGuard.sameServer("https://slipway.example.org", "Slipway.example.org"));
        assertTrue(CsrfGuard.sameServer("http://slipway.example.org", "slipway.example.org:80"));
    }

    @Test
    void anythingElseIsAnotherSite() {
        assertFalse(CsrfGuard.sameServer("http://evil.example", "127.0.0.1:8085"));
        assertFalse(CsrfGuard.sameServer("http://127.0.0.1:9999", "127.0.0.1:8085"));
        assertFalse(CsrfGuard.sameServer("http://127.0.0.1.evil.example:8085", "127.0.0.1:8085"));
        assertFalse(CsrfGuard.sameServer("null", "127.0.0.1:8085"));
        assertFalse(CsrfGuard.sameServer("http://127.0.0.1:8085", ""));
        assertFalse(CsrfGuard.sameServer("not a url at all", "127.0.0.1:8085"));
    }
}
