package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

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

    /** Serves every repository under {@code baseDirectory}; its log goes beside that directory. */
    public static GitDaemon serve(Path baseDirectory) {
        int port = FreePorts.next();
        Process process;
        try {
            process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all",
                    "--base-path=" + baseDirectory, "--listen=127.0.0.1", "--port=" + port, baseDirectory.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(baseDirectory.toAbsolutePath().resolveSibling("git-daemon-" + port + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start git daemon (is git installed?)", e);
        }
        GitDaemon daemon = new GitDaemon(process, port);
        try {
            await("git daemon listening on port " + port).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(daemon::listening);
        } catch (RuntimeException | Error e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    /** {@code git://127.0.0.1:PORT/NAME} for the repository named {@code NAME} under the base directory. */
    public String url(String repository) {
        return "git://127.0.0.1:" + port + "/" + repository;
    }

    /** {@code git://127.0.0.1:PORT/NAME} for a repository directory directly under the base directory. */
    public String url(Path repositoryDirectory) {
        return url(repositoryDirectory.getFileName().toString());
    }

    public int port() {
        return port;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("git daemon exited with " + process.exitValue());
        }
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
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
