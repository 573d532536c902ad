package dev.slipway.cli.client;

import dev.slipway.cli.CliException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events stream that stays connected: a background thread reads it into a queue and,
 * when the stream drops (the service restarted, the connection broke, or it went silent), reports
 * that and connects again with a growing pause, until closed. The first connection is made by
 * {@link #open}, so a service that is not there fails the command at once with its exit code.
 *
 * <p>Each connection has a generation; a reader whose generation is over stops quietly. That lets a
 * silent connection be abandoned without waiting for its blocked read to return.
 */
public final class EventFeed implements AutoCloseable {
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    /** What the queue holds: an event, or news about the connection. */
    public sealed interface Item permits Received, Dropped, Reconnected {
    }

    public record Received(SseEvent event) implements Item {
    }

    /** The stream ended or broke; events sent until it is back are lost, so the reader should catch up. */
    public record Dropped(String why) implements Item {
    }

    public record Reconnected() implements Item {
    }

    private final ServiceClient client;
    private final String action;
    private final String[] path;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile SseReader current;
    private volatile String lastId;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean closed;

    private EventFeed(ServiceClient client, String action, String[] path) {
        this.client = client;
        this.action = action;
        this.path = path;
    }

    /**
     * Connects to the first of {@code paths} the service knows (a 404 tries the next), then reads on
     * in the background.
     */
    public static EventFeed open(ServiceClient client, String action, List<String[]> paths) {
        NotFoundException notFound = null;
        for (String[] path : paths) {
            try {
                EventFeed feed = new EventFeed(client, action, path);
                SseReader first = feed.connect();
                feed.current = first;
                feed.start(() -> feed.follow(0, first));
                return feed;
            } catch (NotFoundException e) {
                notFound = e;
            }
        }
        throw notFound == null ? new IllegalArgumentException("no path to open") : notFound;
    }

    /** The next item, waiting at most {@code timeout}; empty when none came. */
    public Optional<Item> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Abandons a connection that has said nothing, not even a heartbeat, for {@code silence} (a
     * half-open connection would keep the feed waiting forever) and connects again.
     */
    public void dropIfSilentFor(Duration silence) {
        int now = generation.get();
        if (closed || System.nanoTime() - lastActivity <= silence.toNanos() || !generation.compareAndSet(now, now + 1)) {
            return;
        }
        closeQuietly(current);
        items.add(new Dropped("no event or heartbeat from " + client.name() + " for " + silence.toSeconds() + "s"));
        start(() -> follow(now + 1, null));
    }

    private void start(Runnable work) {
        Thread reader = new Thread(work, "slipway-event-feed");
        reader.setDaemon(true);
        reader.start();
    }

    private SseReader connect() {
        String id = lastId;
        InputStream body = client.openStream(action, id == null ? Map.of() : Map.of("Last-Event-ID", id), path);
        lastActivity = System.nanoTime();
        return new SseReader(body, () -> lastActivity = System.nanoTime());
    }

    /** Reads connection after connection for as long as {@code gen} is the feed's generation. */
    private void follow(int gen, SseReader first) {
        SseReader reader = first;
        while (!closed && generation.get() == gen) {
            if (reader == null) {
                reader = reconnect(gen);
                if (reader == null) {
                    return;
                }
                items.add(new Reconnected());
            }
            String why = read(gen, reader);
            closeQuietly(reader);
            reader = null;
            if (closed || !generation.compareAndSet(gen, gen + 1)) {
                return;
            }
            gen++;
            items.add(new Dropped(why));
        }
    }

    private String read(int gen, SseReader reader) {
        try {
            Optional<SseEvent> event;
            while ((event = reader.next()).isPresent()) {
                lastId = reader.lastId();
                if (generation.get() != gen) {
                    return "abandoned";
                }
                items.add(new Received(event.get()));
            }
            return client.name() + " ended the event stream";
        } catch (IOException e) {
            return "the event stream of " + client.name() + " broke (" + e.getMessage() + ")";
        }
    }

    private SseReader reconnect(int gen) {
        Duration pause = FIRST_RETRY;
        while (!closed && generation.get() == gen) {
            try {
                Thread.sleep(pause.toMillis());
                SseReader reader = connect();
                current = reader;
                return reader;
            } catch (CliException e) {
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static void closeQuietly(SseReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (IOException e) {
            // closing is how a stream is abandoned; nothing is left to read from it
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(current);
    }
}
