package dev.slipway.deploy.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * GETs one URL over and over from a thread of its own, each request on a new connection, until
 * stopped (at most 20,000 requests or 3 minutes: a bounded loop), and keeps every answer in order.
 */
public final class Load implements AutoCloseable {
    public record Answer(int status, String body, String error) {
        @Override
        public String toString() {
            return error != null ? "failed: " + error : status + " " + body.strip();
        }
    }

    private static final int MAX_REQUESTS = 20_000;
    private final URI url;
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    private Load(URI url) {
        this.url = url;
        this.thread = new Thread(this::run, "load-" + url.getPort());
    }

    public static Load on(URI url) {
        Load load = new Load(url);
        load.thread.start();
        return load;
    }

    public int count() {
        return answers.size();
    }

    public void awaitAnswers(int count) {
        await("the load has " + count + " answers").atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= count);
    }

    public List<Answer> stop() throws InterruptedException {
        stopped.set(true);
        thread.join(10_000);
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        thread.join(10_000);
    }

    private void run() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        for (int i = 0; i < MAX_REQUESTS && !stopped.get() && Instant.now().isBefore(deadline); i++) {
            answers.add(get());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Answer get() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 3000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || headersEnd < 0) {
                return new Answer(0, "", "not an HTTP answer: '" + response + "'");
            }
            int status = Integer.parseInt(response.substring(9, 12));
            return new Answer(status, response.substring(headersEnd + 4), null);
        } catch (IOException | RuntimeException e) {
            return new Answer(0, "", e.toString());
        }
    }
}
