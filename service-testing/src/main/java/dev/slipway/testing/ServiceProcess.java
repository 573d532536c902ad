package dev.slipway.testing;

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
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Slipway service in a JVM of its own, as a user runs it: configured only through system
 * properties, its output in a log file, stopped with SIGTERM. For what {@link RunningService} (in
 * the test's JVM) cannot show: the packaged jar, or the service under its production heap.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * The module's runnable jar ({@code <root>/<module>/target/<module>-<version>.jar}, after
     * {@code package}), with the given JVM options.
     */
    public static ServiceProcess ofJar(Path root, String module, String version, List<String> jvmOptions, int port,
                                       Map<String, ?> properties, Path logDir) throws IOException {
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: it is made by `./mvnw package`, before the integration tests run");
        }
        return start(module, jvmOptions, List.of("-jar", jar.toString()), port, properties, logDir);
    }

    /** {@code mainClass} on the test's own class path, with the given JVM options (a heap, say). */
    public static ServiceProcess ofClassPath(String name, String mainClass, List<String> jvmOptions, int port,
                                             Map<String, ?> properties, Path logDir) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return start(name, jvmOptions, List.of("-cp", classPath, mainClass), port, properties, logDir);
    }

    private static ServiceProcess start(String name, List<String> jvmOptions, List<String> main, int port,
                                        Map<String, ?> properties, Path logDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dmicronaut.server.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(main);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, port, process, log);
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until {@code /health} answers 200; fails at once, with the log's end, when the process exits. */
    public void awaitHealthy(Duration timeout) {
        try {
            await(name + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(this::healthy);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " was not healthy within " + timeout + "; log: " + tail(), e);
        }
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + tail());
        }
        try {
            return HttpAnswer.get(url("/health")).status() == 200;
        } catch (UncheckedIOException stillStarting) {
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The log's last 40 lines. */
    public String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
