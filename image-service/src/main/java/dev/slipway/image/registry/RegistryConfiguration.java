package dev.slipway.image.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code slipway.image.registry.*}: the private registry images are pushed to. The defaults are in
 * {@code application.yml}.
 *
 * @param address        {@code host:port}; it is the first part of every image name
 * @param tls            speak HTTPS to it (the engine then needs to trust its certificate as well)
 * @param caCertificate  a PEM file with the CA that signed the registry's certificate, for this
 *                       service's own requests; null to use the JVM's trust store
 * @param username       for a registry with authentication; null for none
 * @param password       the password or token for {@code username}; never logged or emitted
 * @param requestTimeout for this service's own requests to the registry
 * @param pushTimeout    the longest one tag's push through the engine may take
 * @param tokenHosts     hosts ({@code host} or {@code host:port}) besides the registry's own that
 *                       may receive the credentials when the registry names them as its token
 *                       service (the {@code realm} of its {@code WWW-Authenticate} challenge);
 *                       null or empty for none
 */
@ConfigurationProperties("slipway.image.registry")
public record RegistryConfiguration(
        String address,
        boolean tls,
        @Nullable Path caCertificate,
        @Nullable String username,
        @Nullable String password,
        Duration requestTimeout,
        Duration pushTimeout,
        @Nullable List<String> tokenHosts) {

    public RegistryConfiguration {
        tokenHosts = tokenHosts == null ? List.of() : tokenHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** The registry's host name, without its port. */
    public String host() {
        String host = URI.create("http://" + address).getHost();
        return host == null ? address : host.toLowerCase(Locale.ROOT);
    }

    public boolean authenticated() {
        return username != null && !username.isBlank();
    }

    public String baseUrl() {
        return (tls ? "https://" : "http://") + address;
    }

    /** Without the password: records print every field, and configuration ends up in logs. */
    @Override
    public String toString() {
        return "RegistryConfiguration[address=" + address + ", tls=" + tls + ", caCertificate=" + caCertificate
                + ", username=" + username + ", password=" + (password == null ? "none" : "****") + ", tokenHosts=" + tokenHosts + "]";
    }
}
