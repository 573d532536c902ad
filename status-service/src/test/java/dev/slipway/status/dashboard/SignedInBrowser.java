package dev.slipway.status.dashboard;

import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.TestTokens;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What a browser does with the dashboard, without a browser: signs in with a test token, keeps the
 * session cookie, sends it with each request (with the Origin a browser sends on a POST), and reads
 * pages by the contract's CSS selectors (jsoup).
 */
final class SignedInBrowser {
    private final URI base;
    private final String cookie;

    private SignedInBrowser(URI base, String cookie) {
        this.base = base;
        this.cookie = cookie;
    }

    /** Nobody signed in: requests without a cookie. */
    static SignedInBrowser anonymous(URI base) {
        return new SignedInBrowser(base, null);
    }

    static SignedInBrowser signIn(URI base, Role role) {
        HttpAnswer answer = anonymous(base).post("/ui/sign-in", Map.of("token", TestTokens.of(role)));
        assertEquals(303, answer.status(), answer::toString);
        String setCookie = answer.header("Set-Cookie");
        assertNotNull(setCookie, "signing in sets the session cookie");
        return new SignedInBrowser(base, setCookie.substring(0, setCookie.indexOf(';')));
    }

    /** The same session, sent with another cookie value (a forged or stale one). */
    SignedInBrowser withCookie(String value) {
        return new SignedInBrowser(base, value);
    }

    String cookie() {
        return cookie;
    }

    /** GETs as a browser does: its pages, and the fragments its script fetches, asking for HTML. */
    HttpAnswer get(String path, String... headers) {
        boolean accept = false;
        for (int i = 0; i < headers.length; i += 2) {
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        HttpRequest.Builder request = request(path, headers);
        if (!accept) {
            request.header("Accept", "text/html");
        }
        return HttpAnswer.send(request.GET());
    }

    /** A page that answers 200, parsed. */
    Document page(String path) {
        HttpAnswer answer = get(path);
        assertEquals(200, answer.status(), () -> "GET " + path + ": " + answer);
        return Jsoup.parse(answer.body(), base.resolve(path).toString());
    }

    /** POSTs a form as a browser on one of the dashboard's pages does (with this server as its Origin). */
    HttpAnswer post(String path, Map<String, String> form, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Origin";
        all[1] = base.toString().replaceAll("/+$", "");
        System.arraycopy(headers, 0, all, 2, headers.length);
        return postAs(path, form, all);
    }

    /** POSTs a form with only the headers given (no Origin unless among them). */
    HttpAnswer postAs(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpAnswer.send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The CSRF token of this session, as its pages put it in every form. */
    String csrf() {
        Element field = page("/ui/plans").selectFirst("form#sign-out-form input[name=_csrf]");
        assertNotNull(field, "every page has the sign-out form with the CSRF token");
        return field.attr("value");
    }

    /** The form with its CSRF token, and the given fields. */
    Map<String, String> form(String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf());
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return form;
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }
}
