package dev.slipway.deploy.rollout;

import dev.slipway.events.descriptor.ProbePath;
import dev.slipway.events.domain.Quoted;

import java.net.URI;
import java.util.Objects;

/**
 * The path on a deployed app that answers 2xx when it is healthy, from the repository's
 * descriptor. The repository is not trusted: {@code //169.254.169.254/...} resolved against the
 * app's URL is another host, and the deploy service would probe it and report what it answered. So
 * only what the contract's {@link ProbePath} accepts is a health check here, and the probe goes to
 * the app's own scheme, host and port with this path appended, never anywhere else.
 *
 * @param value starts with a single {@code /}; only the characters a URL path or query may hold
 */
public record HealthCheckPath(String value) {

    public HealthCheckPath {
        Objects.requireNonNull(value, "value");
        ProbePath.problem(value).ifPresent(problem -> {
            throw refused(value, problem + "; it must be a path on the deployed app, such as /health, so that the probe goes to"
                    + " the app and nowhere else");
        });
    }

    /** @throws HealthCheckRefusedException when the text is anything but a path on the app, naming what is wrong */
    public static HealthCheckPath of(String text) {
        return new HealthCheckPath(text);
    }

    /**
     * The URL to probe: the app's scheme, host and port, then this path.
     *
     * @throws HealthCheckRefusedException if the result would not be on the app's host and port
     */
    public URI on(URI app) {
        try {
            return ProbePath.on(app, value);
        } catch (IllegalArgumentException e) {
            throw refused(value, e.getMessage());
        }
    }

    private static HealthCheckRefusedException refused(String value, String why) {
        return new HealthCheckRefusedException("healthCheck " + Quoted.of(value) + " is refused: " + why);
    }

    @Override
    public String toString() {
        return value;
    }
}
