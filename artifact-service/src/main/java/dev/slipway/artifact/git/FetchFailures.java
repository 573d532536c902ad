package dev.slipway.artifact.git;

import dev.slipway.artifact.BuildFailure;
import dev.slipway.events.domain.RepositoryUrl;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.RemoteRepositoryException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sorts what JGit throws into the failures a person acts on differently: wait and retry (host
 * unreachable, timeouts) or fix something (credentials, URL, certificate) first. JGit reports
 * most transport problems as one exception type, so authentication is recognised by JGit's own
 * messages ({@code JGitText}: notAuthorized, noCredentialsProvider, authenticationNotSupported,
 * serviceNotPermitted) and everything else by the cause's type.
 */
final class FetchFailures {
    private static final List<String> AUTHENTICATION_MESSAGES = List.of(
            "not authorized", "authentication is required", "authentication not supported", " not permitted on ");
    private static final String REF_MISSING_MESSAGE = "remote does not have";
    /** JGitText redirectsOff: "Cannot redirect because http.followRedirects is false (HTTP status 302)". */
    private static final String REDIRECTS_OFF_MESSAGE = "http.followredirects is false";

    private FetchFailures() {
    }

    /** True when the host answered that it has no such ref: the commit may still be fetched by id. */
    static boolean refMissing(Exception e) {
        return describe(e).toLowerCase(Locale.ROOT).contains(REF_MISSING_MESSAGE);
    }

    static BuildFailure classify(Exception e, RepositoryUrl url, boolean credentialsSent, String doing) {
        // JGit starts its messages with the URL, which "doing" already names.
        String what = doing + ": " + describe(e).replace(url + ": ", "");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException) {
                return new RepositoryNotFoundException(what, e);
            }
            if (t instanceof RemoteRepositoryException) {
                // The host answered with an error of its own ("ERR ..."), such as a repository it does not export.
                return new RepositoryNotFoundException(what, e);
            }
            if (t instanceof CorruptObjectException) {
                return new UntrustedRepositoryException(what + " (the repository holds objects that fail Git's consistency checks)", e);
            }
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
                return new UntrustedRepositoryException(what + " (the TLS handshake failed: does this JVM trust the host's certificate?)", e);
            }
            if (t instanceof NotSupportedException) {
                return new UnsupportedRepositoryException(what, e);
            }
        }
        String lower = what.toLowerCase(Locale.ROOT);
        if (describe(e).toLowerCase(Locale.ROOT).contains(REDIRECTS_OFF_MESSAGE)) {
            return new RepositoryRedirectedException(what + " (the host sends this repository to another address; redirects are"
                    + " not followed, so that a token only reaches the host it is configured for: name the address it redirects to)", e);
        }
        if (AUTHENTICATION_MESSAGES.stream().anyMatch(lower::contains)) {
            String hint = credentialsSent
                    ? "the host refused the token configured for " + url.host() + " (slipway.artifact.git.credentials)"
                    : !url.scheme().equals("https")
                    ? "the host asks for authentication, and tokens are only sent over https"
                    : "the host asks for authentication and no token is configured for it (slipway.artifact.git.credentials)";
            return new AuthenticationRefusedException(what + " (" + hint + ")", e);
        }
        // Anything else (a 5xx, a connection dropped mid-pack) is more likely to pass than not.
        return new GitHostUnavailableException(what, e);
    }

    /** The distinct messages along the cause chain: JGit's own message first, then what the network said. */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
