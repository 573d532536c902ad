package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for servers a test starts. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port that was free a moment ago, for a server that must be told its port before it starts
     * (a service whose public URL names it, a git daemon), or for an address where nothing listens.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
