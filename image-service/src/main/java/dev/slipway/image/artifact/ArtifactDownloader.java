package dev.slipway.image.artifact;

import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.Redacted;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Fetches a build's source archive from the artifact service and proves it is the one the event
 * describes. The URL is checked against the allowed prefixes before any connection is made, and
 * redirects are not followed, so an event cannot make this service fetch anything else, and the
 * artifact service's token ({@code slipway.image.artifacts.token}) goes to those prefixes only.
 * A URL is shown in a reason without its user part, which could be a credential.
 */
@Singleton
public class ArtifactDownloader {
    private final ArtifactConfiguration configuration;
    private final List<String> allowedPrefixes;
    private final HttpClient http;

    public ArtifactDownloader(ArtifactConfiguration configuration) {
        this.configuration = configuration;
        this.allowedPrefixes = configuration.allowedUrlPrefixes().stream().map(p -> canonical(URI.create(p.trim()))).toList();
        this.http = HttpClient.newBuilder()
                .connectTimeout(configuration.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Downloads {@code url} to {@code target} and checks it against {@code expected}.
     *
     * @throws ArtifactUrlNotAllowedException when the URL is outside the allowed prefixes
     * @throws ArtifactRejectedException      when the service has no such archive, it is too large, or its sha256 differs
     * @throws ArtifactUnavailableException   when the service cannot be reached or fails (5xx); worth retrying
     */
    public void download(URI url, Digest expected, Path target) {
        URI allowed = requireAllowed(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(allowed).timeout(configuration.downloadTimeout()).GET();
        if (configuration.hasToken()) {
            // Only here, after the prefix check, and never again on a redirect (none is followed).
            request.header("Authorization", "Bearer " + configuration.token());
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ArtifactUnavailableException("could not download the archive from " + allowed + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactUnavailableException("interrupted while downloading " + allowed, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 500 || status == 429 || status == 408) {
                throw new ArtifactUnavailableException("the artifact service answered " + status + " for " + allowed, null);
            }
            if (status == 401 || status == 403) {
                throw new ArtifactRejectedException("the artifact service answered " + status + " for " + allowed
                        + (configuration.hasToken() ? ": it does not accept slipway.image.artifacts.token (SLIPWAY_ARTIFACT_TOKEN)"
                        : ": it needs a viewer's token in slipway.image.artifacts.token (SLIPWAY_ARTIFACT_TOKEN)"));
            }
            if (status != 200) {
                throw new ArtifactRejectedException("the artifact service answered " + status + " for " + allowed
                        + (status == 404 ? " (no such archive)" : ""));
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > configuration.maxDownloadBytes()) {
                throw tooLarge(allowed);
            }
            Digest actual = copyHashing(body, target, allowed);
            if (!actual.equals(expected)) {
                throw new ArtifactRejectedException("the archive from " + allowed + " has " + actual
                        + ", but the event says " + expected + "; it was not used");
            }
        } catch (IOException e) {
            throw new ArtifactUnavailableException("the download from " + allowed + " broke off: " + describe(e), e);
        }
    }

    /** The URL in canonical form if it lies under an allowed prefix. */
    URI requireAllowed(URI url) {
        if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
            throw new ArtifactUrlNotAllowedException("artifact URL '" + Redacted.url(url) + "' must not carry user information");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ArtifactUrlNotAllowedException("artifact URL '" + Redacted.url(url) + "' must be http or https");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath().toLowerCase(Locale.ROOT);
        // Encoded dots and slashes would be decoded by the server after our prefix check.
        if (path.contains("%2e") || path.contains("%2f") || path.contains("%5c")) {
            throw new ArtifactUrlNotAllowedException("artifact URL '" + Redacted.url(url) + "' has an encoded '.', '/' or '\\' in its path");
        }
        String normalPath = url.normalize().getRawPath() == null ? "" : url.normalize().getRawPath();
        if (normalPath.startsWith("/..") || normalPath.contains("/../")) {
            throw new ArtifactUrlNotAllowedException("artifact URL '" + Redacted.url(url) + "' climbs above its server's root");
        }
        String canonical = canonical(url);
        if (allowedPrefixes.stream().noneMatch(canonical::startsWith)) {
            throw new ArtifactUrlNotAllowedException("artifact URL '" + Redacted.url(url)
                    + "' is not under an allowed prefix (slipway.image.artifacts.allowed-url-prefixes: " + allowedPrefixes + ")");
        }
        return URI.create(canonical);
    }

    private static String canonical(URI url) {
        URI normal = url.normalize();
        if (normal.getHost() == null) {
            throw new ArtifactUrlNotAllowedException("artifact URL '" + Redacted.url(url) + "' has no host");
        }
        StringBuilder text = new StringBuilder()
                .append(normal.getScheme().toLowerCase(Locale.ROOT)).append("://")
                .append(normal.getHost().toLowerCase(Locale.ROOT));
        if (normal.getPort() != -1) {
            text.append(':').append(normal.getPort());
        }
        text.append(normal.getRawPath() == null || normal.getRawPath().isEmpty() ? "/" : normal.getRawPath());
        if (normal.getRawQuery() != null) {
            text.append('?').append(normal.getRawQuery());
        }
        return text.toString();
    }

    private Digest copyHashing(InputStream body, Path target, URI from) throws IOException {
        MessageDigest sha256 = sha256();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = body.read(buffer)) != -1) {
                total += read;
                if (total > configuration.maxDownloadBytes()) {
                    throw tooLarge(from);
                }
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        }
        return Digest.sha256(sha256.digest());
    }

    private ArtifactRejectedException tooLarge(URI from) {
        return new ArtifactRejectedException("the archive at " + from + " is larger than "
                + configuration.maxDownloadBytes() + " bytes (slipway.image.artifacts.max-download-bytes)");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
