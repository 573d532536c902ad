package dev.slipway.webhook.plan;

/** The configured plans or repositories cannot work as written; the message says which one and why. */
public class PlanConfigurationException extends RuntimeException {
    public PlanConfigurationException(String message) {
        super(message);
    }
}
