package dev.slipway.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.ImageReference;
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
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks the registry itself (Distribution API v2) which manifest a tag points to. That digest, not
 * the engine's idea of it, is what the pipeline pins images by. Supports plain and TLS registries,
 * HTTP basic authentication, and the token flow that registries with a separate auth service use.
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
        URI uri = URI.create(configuration.baseUrl() + "/v2/" + tag.repository() + "/manifests/" + tag.tagName()
                .orElseThrow(() -> new IllegalArgumentException("image " + tag + " has no tag")));
        HttpResponse<Void> response = head(uri, basicAuthorization());
        if (response.statusCode() == 401) {
            Optional<String> bearer = response.headers().firstValue("WWW-Authenticate").filter(c -> c.regionMatches(true, 0, "Bearer ", 0, 7));
            if (bearer.isPresent()) {
                response = head(uri, Optional.of("Bearer " + token(bearer.get())));
            }
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.headers().firstValue("Docker-Content-Digest").map(Digest::of)
                    .orElseThrow(() -> new RegistryRejectedException("the registry " + configuration.address()
                            + " answered for " + tag + " without a Docker-Content-Digest header"));
        }
        if (status == 401 || status == 403) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " refused to read " + tag
                    + " (" + status + "); check slipway.image.registry.username and password");
        }
        throw new RegistryUnavailableException("the registry " + configuration.address() + " answered " + status
                + " when asked for " + tag, null);
    }

    private HttpResponse<Void> head(URI uri, Optional<String> authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(configuration.requestTimeout())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_TYPES);
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
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
        String realm = params.remove("realm");
        if (realm == null) {
            throw new RegistryRejectedException("the registry " + configuration.address() + " asks for a token but names no realm");
        }
        StringBuilder query = new StringBuilder();
        params.forEach((key, value) -> query.append(query.isEmpty() ? "?" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(realm + query)).timeout(configuration.requestTimeout()).GET();
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

    private Optional<String> basicAuthorization() {
        if (!configuration.authenticated()) {
            return Optional.empty();
        }
        String pair = configuration.username() + ":" + (configuration.password() == null ? "" : configuration.password());
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
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
