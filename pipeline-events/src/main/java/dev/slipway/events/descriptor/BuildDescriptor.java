package dev.slipway.events.descriptor;

import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Require;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The normalised build descriptor. A repository describes its build in {@code dependency.json} or
 * {@code spec.json}; the artifact service reads either and carries this one shape down the
 * pipeline, so later stages never parse repository files again.
 *
 * @param name            the image name (last path component of the image repository)
 * @param version         the service version; image tags are {@code <version>-<build number>}
 * @param environment     variables handed to the build (where named in {@code buildArgs}) and to
 *                        the running container
 * @param resources       what one instance asks of the cluster
 * @param port            the port the application listens on inside its container
 * @param healthCheckPath the HTTP path that answers 2xx when the application is healthy
 * @param runtime         for a repository without a Dockerfile: which template generates one
 *                        ({@code static}, {@code php}, {@code java}); null when it has its own
 * @param dockerfile      the Dockerfile's path in the repository, or null for {@code Dockerfile}
 * @param buildArgs       names from {@code environment} that are passed as Docker build args
 * @param testCommand     a command run in a container of the new image before it is pushed; null for none
 * @param acceptance      an HTTP check against a container of the new image before it is pushed; null for none
 * @param source          the file it was read from: {@code dependency.json}, {@code spec.json} or {@code defaults}
 */
public record BuildDescriptor(
        String name,
        String version,
        Map<String, String> environment,
        Resources resources,
        int port,
        String healthCheckPath,
        String runtime,
        String dockerfile,
        List<String> buildArgs,
        String testCommand,
        AcceptanceCheck acceptance,
        String source) {

    public static final int DEFAULT_PORT = 80;
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";
    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Pattern RUNTIME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public BuildDescriptor {
        Require.text(name, "service.name");
        if (name.length() > 128 || !IMAGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service.name '" + name
                    + "' cannot be an image name: use lowercase letters and digits, separated by '.', '_' or '-'");
        }
        Require.text(version, "service.version");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("service.version '" + version
                    + "' cannot be part of an image tag: up to 100 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        // Sorted, so that the same descriptor always serialises to the same bytes.
        TreeMap<String, String> sorted = new TreeMap<>();
        if (environment != null) {
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                if (variable.getKey() == null || !ENV_NAME.matcher(variable.getKey()).matches()) {
                    throw new IllegalArgumentException("environment variable name '" + variable.getKey()
                            + "' is invalid: use letters, digits and '_', not starting with a digit");
                }
                sorted.put(variable.getKey(), Require.present(variable.getValue(), "environment." + variable.getKey()));
            }
        }
        environment = Collections.unmodifiableMap(sorted);
        resources = resources == null ? Resources.DEFAULT : resources;
        if (port == 0) {
            port = DEFAULT_PORT;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        healthCheckPath = healthCheckPath == null ? DEFAULT_HEALTH_CHECK_PATH : healthCheckPath;
        if (!healthCheckPath.startsWith("/")) {
            throw new IllegalArgumentException("healthCheck.path must start with '/', was '" + healthCheckPath + "'");
        }
        if (runtime != null && !RUNTIME.matcher(runtime).matches()) {
            throw new IllegalArgumentException("runtime '" + runtime + "' is invalid: use lowercase letters, digits and '-'");
        }
        if (dockerfile != null) {
            Require.printable(dockerfile, "dockerfile");
            if (dockerfile.startsWith("/") || dockerfile.contains("\\") || List.of(dockerfile.split("/")).contains("..")) {
                throw new IllegalArgumentException("dockerfile '" + dockerfile + "' must be a relative path inside the repository");
            }
        }
        buildArgs = buildArgs == null ? List.of() : List.copyOf(buildArgs);
        for (String arg : buildArgs) {
            if (!environment.containsKey(arg)) {
                throw new IllegalArgumentException("buildArgs names '" + arg + "', which is not in environment");
            }
        }
        if (testCommand != null && testCommand.isBlank()) {
            testCommand = null;
        }
        source = source == null ? "defaults" : source;
    }

    /** What a repository without any descriptor gets: the plan's name, and the short commit as version. */
    public static BuildDescriptor defaults(PlanName plan, CommitSha commit) {
        return new BuildDescriptor(plan.value(), commit.shortSha(), Map.of(), Resources.DEFAULT, DEFAULT_PORT,
                DEFAULT_HEALTH_CHECK_PATH, null, null, List.of(), null, null, "defaults");
    }
}
