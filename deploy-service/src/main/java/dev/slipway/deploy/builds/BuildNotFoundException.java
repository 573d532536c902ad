package dev.slipway.deploy.builds;

/** A request names a build whose image this service has never seen. */
public class BuildNotFoundException extends RuntimeException {
    public BuildNotFoundException(String message) {
        super(message);
    }
}
