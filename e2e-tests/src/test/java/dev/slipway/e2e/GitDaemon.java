package dev.slipway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Git's own daemon serving a folder of bare repositories over the real git:// protocol. */
final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static GitDaemon serve(Path baseDir) throws Exception {
        int port = freePort();
        Process process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all",
                "--base-path=" + baseDir, "--listen=127.0.0.1", "--port=" + port, baseDir.toString())
                .redirectErrorStream(true).redirectOutput(baseDir.resolveSibling("git-daemon.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(15);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new GitDaemon(process, port);
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("git daemon did not start on port " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    int port() {
        return port;
    }

    String url(String repository) {
        return "git://127.0.0.1:" + port + "/" + repository;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
