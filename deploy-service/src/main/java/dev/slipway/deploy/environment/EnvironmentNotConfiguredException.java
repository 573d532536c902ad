package dev.slipway.deploy.environment;

/** A request names an environment that is not configured, or one that does not take the plan. */
public class EnvironmentNotConfiguredException extends RuntimeException {
    public EnvironmentNotConfiguredException(String message) {
        super(message);
    }
}
