package dev.slipway.status.dashboard.actions;

/** The service answered, and refused (a 4xx or 5xx): its own message says why. */
public class ServiceRefusedException extends ServiceCallException {
    ServiceRefusedException(String service, String message) {
        super(service + " refused: " + message);
    }
}
