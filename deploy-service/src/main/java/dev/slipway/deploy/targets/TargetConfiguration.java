package dev.slipway.deploy.targets;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.ConversionService;

import java.time.Duration;
import java.util.Map;

/**
 * {@code slipway.deploy.targets.<name>.*}: one cluster that environments deploy to. Which fields
 * apply depends on {@code type}; the README lists them per type.
 *
 * @param type           {@code docker} (default), {@code swarm} or {@code marathon}
 * @param dockerHost     docker, swarm: the engine's address; null for {@code DOCKER_HOST} or the local socket
 * @param publicHost     docker, swarm: the host name put into URLs; null for 127.0.0.1 (docker) or the node's address (swarm)
 * @param cpus           docker: CPUs the target may hand out; null for what the engine has
 * @param memoryMb       docker: memory (MiB) the target may hand out; null for what the engine has
 * @param labels         docker, swarm: extra labels on every container or service
 * @param url            marathon: the base URL of its API, e.g. {@code http://marathon.example:8080}
 * @param urlTemplate    marathon: where an app answers, with {host}, {port}, {servicePort}, {appId}, {plan}, {environment}, {build}
 * @param username       marathon: basic auth user (with {@code password})
 * @param password       marathon: basic auth password; never logged
 * @param token          marathon: a DC/OS token sent as {@code Authorization: token=...}; never logged
 * @param appGroup       marathon: the group app ids live under
 * @param requestTimeout how long one request to the target may take
 * @param proxyConfigDir    docker: where the stable URLs' haproxy files go; null for bin/stack's
 *                          ({@code $SLIPWAY_STACK_HOME/haproxy/conf.d})
 * @param proxyMasterSocket docker: haproxy's master CLI socket, where a changed file is reloaded; null for
 *                          bin/stack's ({@code $SLIPWAY_STACK_HOME/haproxy/master.sock})
 * @param proxyPublicHost   docker: the host name in stable URLs; null for {@code public-host}, else 127.0.0.1
 * @param proxyPorts        docker: the range stable URLs' ports are chosen from, {@code first-last}
 *
 * <p>The defaults are here rather than in {@code application.yml}: the targets' names are the
 * user's, and a YAML file cannot give defaults to entries it does not name. The embedded default
 * target uses the same constants.
 */
@EachProperty("slipway.deploy.targets")
public record TargetConfiguration(
        @Parameter String name,
        @Bindable(defaultValue = DEFAULT_TYPE) String type,
        @Nullable String dockerHost,
        @Nullable String publicHost,
        @Nullable Double cpus,
        @Nullable Long memoryMb,
        @Nullable Map<String, String> labels,
        @Nullable String url,
        @Bindable(defaultValue = DEFAULT_URL_TEMPLATE) String urlTemplate,
        @Nullable String username,
        @Nullable String password,
        @Nullable String token,
        @Bindable(defaultValue = DEFAULT_APP_GROUP) String appGroup,
        @Bindable(defaultValue = DEFAULT_REQUEST_TIMEOUT) Duration requestTimeout,
        @Nullable String proxyConfigDir,
        @Nullable String proxyMasterSocket,
        @Nullable String proxyPublicHost,
        @Bindable(defaultValue = DEFAULT_PROXY_PORTS) String proxyPorts) {
    static final String DEFAULT_TYPE = "docker";
    static final String DEFAULT_URL_TEMPLATE = "http://{host}:{port}/";
    static final String DEFAULT_APP_GROUP = "slipway";
    static final String DEFAULT_REQUEST_TIMEOUT = "30s";
    static final String DEFAULT_PROXY_PORTS = "20000-20999";
    /** bin/stack's home, where its haproxy keeps its files and master socket. */
    static final String DEFAULT_STACK_HOME = "/var/lib/slipway-stack";

    public TargetType targetType() {
        return TargetType.parse(type);
    }

    public Map<String, String> extraLabels() {
        return labels == null ? Map.of() : labels;
    }

    /** The embedded default: the local Docker engine, when no target is configured. */
    public static TargetConfiguration localDockerEngine() {
        return new TargetConfiguration("docker", DEFAULT_TYPE, null, null, null, null, null, null,
                DEFAULT_URL_TEMPLATE, null, null, null, DEFAULT_APP_GROUP,
                ConversionService.SHARED.convertRequired(DEFAULT_REQUEST_TIMEOUT, Duration.class), null, null, null,
                DEFAULT_PROXY_PORTS);
    }

    /** The proxy files' folder: as configured, else where bin/stack's haproxy reads them. */
    public java.nio.file.Path proxyConfigPath() {
        return proxyConfigDir != null ? java.nio.file.Path.of(proxyConfigDir) : stackHome().resolve("haproxy/conf.d");
    }

    /** The proxy's master CLI socket: as configured, else bin/stack's. */
    public java.nio.file.Path proxyMasterSocketPath() {
        return proxyMasterSocket != null ? java.nio.file.Path.of(proxyMasterSocket) : stackHome().resolve("haproxy/master.sock");
    }

    /** The host name in stable URLs. */
    public String stableUrlHost() {
        return proxyPublicHost != null ? proxyPublicHost : publicHost != null ? publicHost : "127.0.0.1";
    }

    private static java.nio.file.Path stackHome() {
        String home = System.getenv("SLIPWAY_STACK_HOME");
        return java.nio.file.Path.of(home == null || home.isBlank() ? DEFAULT_STACK_HOME : home);
    }

    @Override
    public String toString() {
        // Records print every field; this one holds credentials.
        return "TargetConfiguration[name=" + name + ", type=" + type + "]";
    }
}
