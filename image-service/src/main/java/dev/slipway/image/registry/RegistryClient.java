package dev.slipway.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
import dev.slipway.events.domain.Redacted;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks the registry itself (Distribution API v2) about pushed images: which manifest a tag points
 * to, and whether a manifest is the image that was tested. That digest, not the engine's idea of
 * it, is what the pipeline pins images by. Supports plain and TLS registries, HTTP basic
 * authentication, and the token flow that registries with a separate auth service use.
 *
 * <p>The credentials go to the registry's own address, and to the token service its challenge
 * names only when that is on the registry's own host or in {@code slipway.image.registry.token-hosts}:
 * a registry (or whoever answers in its name) cannot send them anywhere else.
 */
@Singleton
public class RegistryClient {
    static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfiguration configuration;
    private final HttpClient http;

    public RegistryClient(RegistryConfiguration configuration) {
        this.configuration = configuration;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(configuration.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (configuration.tls() && configuration.caCertificate() != null) {
            builder.sslContext(trusting(configuration));
        }
        this.http = builder.build();
    }

    /**
     * @throws RegistryRejectedException    when the registry refuses the credentials
     * @throws RegistryUnavailableException when it cannot be reached, fails, or does not (yet) have the tag
     */
    public Digest digest(ImageReference tag) {
        URI uri = manifestUri(tag, tag.tagName().orElseThrow(() -> new IllegalArgumentException("image " + tag + " has no tag")));
        HttpResponse<Void> response = authorized(uri, "HEAD", HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status == 200) {
            return response.headers().firstValue("Docker-Content-Digest").map(Digest::of)
                    .orElseThrow(() -> new RegistryRejectedException("the registry " + configuration.address()
                            + " answered for " + tag + " without a Docker-Content-Digest header"));
        }
        throw refusedOrDown(status, "read " + tag);
    }

    /**
     * Proves that the manifest {@code pinned} names is the image {@code imageId}: its bytes hash to
     * the digest (so the registry cannot answer with another), and its configuration, whose digest
     * is the image's id, is that image's.
     *
     * @throws PushedImageMismatchException when the manifest is another image's
     * @throws RegistryRejectedException    when the registry refuses the credentials or has no such manifest
     * @throws RegistryUnavailableException when it cannot be reached or fails
     */
    public void requireImage(ImageReference pinned, String imageId) {
        Digest digest = pinned.digest();
        HttpResponse<byte[]> response = authorized(manifestUri(pinned, digest.value()), "GET", HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw refusedOrDown(response.statusCode(), "read the manifest " + pinned.byDigest());
        }
        Digest actual = Digest.sha256(sha256(response.body()));
        if (!actual.equals(digest)) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " answered for " + pinned.byDigest()
                    + " with a manifest whose digest is " + actual);
        }
        String config;
        try {
            config = JSON.readTree(response.body()).path("config").path("digest").asText("");
        } catch (IOException e) {
            throw new RegistryRejectedException("the manifest " + pinned.byDigest() + " is not JSON: " + e.getMessage());
        }
        if (config.isEmpty()) {
            throw new RegistryRejectedException("the manifest " + pinned.byDigest() + " names no image configuration"
                    + " (a list or an old schema, which this service does not push)");
        }
        if (!config.equals(imageId)) {
            throw new PushedImageMismatchException(pinned, config, imageId);
        }
    }

    private URI manifestUri(ImageReference image, String reference) {
        return URI.create(configuration.baseUrl() + "/v2/" + image.repository() + "/manifests/" + reference);
    }

    private RuntimeException refusedOrDown(int status, String what) {
        if (status == 401 || status == 403) {
            return new RegistryRejectedException("the registry " + configuration.address() + " refused to " + what
                    + " (" + status + "); check slipway.image.registry.username and password");
        }
        return new RegistryUnavailableException("the registry " + configuration.address() + " answered " + status
                + " when asked to " + what, null);
    }

    /** The request with basic credentials, and once more with a bearer token if the registry asks for one. */
    private <T> HttpResponse<T> authorized(URI uri, String method, HttpResponse.BodyHandler<T> body) {
        HttpResponse<T> response = send(uri, method, basicAuthorization(), body);
        if (response.statusCode() == 401) {
            Optional<String> bearer = response.headers().firstValue("WWW-Authenticate").filter(c -> c.regionMatches(true, 0, "Bearer ", 0, 7));
            if (bearer.isPresent()) {
                response = send(uri, method, Optional.of("Bearer " + token(bearer.get())), body);
            }
        }
        return response;
    }

    private <T> HttpResponse<T> send(URI uri, String method, Optional<String> authorization, HttpResponse.BodyHandler<T> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(configuration.requestTimeout())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_TYPES);
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new RegistryUnavailableException("cannot reach the registry at " + configuration.baseUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while asking the registry");
        }
    }

    /** A registry that delegates to a token service: trade the credentials for a pull token. */
    private String token(String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAM.matcher(challenge);
        while (matcher.find()) {
            params.put(matcher.group(1), matcher.group(2));
        }
        String realmText = params.remove("realm");
        if (realmText == null) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " asks for a token but names no realm");
        }
        URI realm = trustedRealm(realmText);
        StringBuilder query = new StringBuilder(realm.toString());
        char separator = realm.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> param : params.entrySet()) {
            query.append(separator).append(param.getKey()).append('=').append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(query.toString())).timeout(configuration.requestTimeout()).GET();
        basicAuthorization().ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    throw new RegistryRejectedException("the token service of " + configuration.address()
                            + " refused the credentials (" + response.statusCode() + ")");
                }
                if (response.statusCode() != 200) {
                    throw new RegistryUnavailableException("the token service of " + configuration.address()
                            + " answered " + response.statusCode(), null);
                }
                JsonNode json = JSON.readTree(body);
                String token = json.path("token").asText(json.path("access_token").asText(""));
                if (token.isEmpty()) {
                    throw new RegistryRejectedException("the token service of " + configuration.address() + " gave no token");
                }
                return token;
            }
        } catch (IOException e) {
            throw new RegistryUnavailableException("cannot reach the token service of " + configuration.address() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while asking for a registry token");
        }
    }

    /**
     * The realm, if the credentials may go there: on the registry's own host, or on a host of
     * {@code token-hosts}, and over TLS when the registry itself speaks TLS. Anything else is
     * refused before a connection is made, whoever named it.
     */
    private URI trustedRealm(String text) {
        URI realm;
        try {
            realm = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " names a token service realm that is not a URL");
        }
        String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || realm.getHost() == null || realm.getRawUserInfo() != null) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " names a token service realm '"
                    + Redacted.url(text) + "' that is not an http(s) URL of a host");
        }
        if (!configuration.authenticated()) {
            return realm; // nothing to give away: an anonymous token may come from anywhere
        }
        String host = realm.getHost().toLowerCase(Locale.ROOT);
        int port = realm.getPort() != -1 ? realm.getPort() : scheme.equals("https") ? 443 : 80;
        String where = scheme + "://" + host + ":" + port;
        boolean trusted = host.equals(configuration.host()) || configuration.tokenHosts().contains(host)
                || configuration.tokenHosts().contains(host + ":" + port);
        if (!trusted) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " asks for its credentials at a token service on "
                    + where + ", which is neither the registry's host nor in slipway.image.registry.token-hosts;"
                    + " the credentials were not sent");
        }
        if (configuration.tls() && !scheme.equals("https")) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " speaks TLS but names a token service at "
                    + where + " over plain http; the credentials were not sent");
        }
        return realm;
    }

    private Optional<String> basicAuthorization() {
        if (!configuration.authenticated()) {
            return Optional.empty();
        }
        String pair = configuration.username() + ":" + (configuration.password() == null ? "" : configuration.password());
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static SSLContext trusting(RegistryConfiguration configuration) {
        try (InputStream pem = Files.newInputStream(configuration.caCertificate())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trust.setCertificateEntry("registry-ca-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use slipway.image.registry.ca-certificate " + configuration.caCertificate() + ": " + e.getMessage(), e);
        }
    }
}
