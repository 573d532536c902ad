package dev.slipway.artifact.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The real Git protocol: {@code git daemon} serving every repository under a directory on a free
 * port of 127.0.0.1, started and stopped by the test.
 */
public final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GitDaemon serve(Path baseDirectory) {
        int port = freePort();
        try {
            Process process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all",
                    "--base-path=" + baseDirectory, "--listen=127.0.0.1", "--port=" + port, baseDirectory.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(baseDirectory.resolveSibling("git-daemon-" + port + ".log").toFile())
                    .start();
            GitDaemon daemon = new GitDaemon(process, port);
            daemon.awaitListening(Duration.ofSeconds(10));
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start git daemon (is git installed?)", e);
        }
    }

    /** {@code git://127.0.0.1:PORT/NAME.git} for a repository made with {@link TestRepository#create}. */
    public String url(TestRepository repository) {
        return "git://127.0.0.1:" + port + "/" + repository.directory().getFileName();
    }

    public int port() {
        return port;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("git daemon exited with " + process.exitValue());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("git daemon did not listen on port " + port + " within " + timeout);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // The daemon forks one child per connection; stop those too, by their own process ids.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
