package dev.slipway.deploy.rollout;

/**
 * A descriptor's health check that is not a plain path on the deployed app: the deployment is
 * refused before it reaches a target, with this message as its reason.
 */
public class HealthCheckRefusedException extends IllegalArgumentException {
    public HealthCheckRefusedException(String message) {
        super(message);
    }
}
