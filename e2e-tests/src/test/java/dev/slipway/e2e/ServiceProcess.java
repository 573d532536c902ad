package dev.slipway.e2e;

import dev.slipway.testing.HttpAnswer;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One Slipway service run as a user runs it: its runnable jar in its own JVM, configured only
 * through system properties, stopped with SIGTERM.
 */
final class ServiceProcess implements AutoCloseable {
    private final String module;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String module, int port, Process process, Path log) {
        this.module = module;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String module, int port, Map<String, String> properties, Path logDir) throws IOException {
        Path root = Path.of(System.getProperty("slipway.root", ".."));
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + System.getProperty("slipway.version", "0.1.0-SNAPSHOT") + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the end-to-end tests run in `./mvnw verify`, after `package`");
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.add("-Dmicronaut.server.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Files.createDirectories(logDir);
        Path log = logDir.resolve(module + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(module, port, process, log);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    void awaitHealthy(Duration timeout) {
        try {
            await(module + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::healthy);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(module + " was not healthy within " + timeout + "; log: " + tail(), e);
        }
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(module + " exited with " + process.exitValue() + "; log: " + tail());
        }
        try {
            return HttpAnswer.get(url("/health")).status() == 200;
        } catch (UncheckedIOException stillStarting) {
            return false;
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
