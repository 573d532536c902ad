package dev.slipway.status.dashboard.actions;

/** The service did not answer (not running, not reachable, too slow). */
public class ServiceUnreachableException extends ServiceCallException {
    ServiceUnreachableException(String service, String base, String why) {
        super(service + " at " + base + " did not answer (" + why + "): is it running?");
    }
}
