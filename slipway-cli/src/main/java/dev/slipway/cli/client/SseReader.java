package dev.slipway.cli.client;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} body as the HTML standard's event-stream format says: fields per
 * line, an event dispatched at a blank line, comments ({@code :...}, the server's heartbeats) skipped
 * but counted as a sign of life.
 */
public final class SseReader implements Closeable {
    private final InputStream body;
    private final BufferedReader lines;
    private final Runnable onActivity;
    private String lastId;

    public SseReader(InputStream body, Runnable onActivity) {
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.onActivity = onActivity;
    }

    /** The next event; empty when the server ended the stream. */
    public Optional<SseEvent> next() throws IOException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            onActivity.run();
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(lastId, name == null ? "message" : name, data.toString()));
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> {
                    if (!value.contains("\0")) {
                        lastId = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields: the feed's own reconnect policy applies
                }
            }
        }
        return Optional.empty();
    }

    public String lastId() {
        return lastId;
    }

    /**
     * Closes the body itself, not the reader: a BufferedReader's close waits for a blocked
     * readLine, and this is how another thread abandons a stream.
     */
    @Override
    public void close() throws IOException {
        body.close();
    }
}
