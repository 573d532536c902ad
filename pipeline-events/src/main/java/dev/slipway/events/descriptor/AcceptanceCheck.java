package dev.slipway.events.descriptor;

import dev.slipway.events.domain.Require;

/** Before an image is pushed: start it and expect {@code status} from an HTTP GET of {@code path}. */
public record AcceptanceCheck(String path, int status) {

    public AcceptanceCheck {
        Require.printable(path, "acceptance.path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("acceptance.path must start with '/', was '" + path + "'");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("acceptance.status must be an HTTP status (100-599), was " + status);
        }
    }
}
