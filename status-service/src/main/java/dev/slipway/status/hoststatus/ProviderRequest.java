package dev.slipway.status.hoststatus;

import java.net.URI;
import java.util.Map;

/**
 * One call to a Git host's commit-status API: always a JSON POST.
 *
 * @param headers the authentication header among them: never log them ({@link #toString()} does not)
 */
record ProviderRequest(URI uri, Map<String, String> headers, String json) {

    @Override
    public String toString() {
        return "POST " + uri;
    }
}
