package dev.slipway.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code slipway} jar as a person's shell would: its own process, stdout and stderr
 * pipes (so never a terminal), and an environment of the test's choosing. No token is inherited and
 * {@code SLIPWAY_DATA} points at an empty folder, so only what a test sets reaches the command.
 */
final class Cli {
    private static final Path JAR = Path.of(System.getProperty("slipway.cli.jar", "target/slipway-cli.jar"));

    private final Map<String, String> environment = new HashMap<>();

    private Cli() {
    }

    static Cli withData(Path data) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the integration tests run after `package`");
        }
        Cli cli = new Cli();
        cli.environment.put("SLIPWAY_DATA", data.toString());
        cli.environment.put("TZ", "UTC");
        return cli;
    }

    Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** What a run left: its exit code and everything it printed. */
    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String lastLine() {
            List<String> lines = lines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A command still running: its output so far can be read while it goes on. */
    static final class Running {
        private final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outPump;
        private final Thread errPump;

        private Running(Process process) {
            this.process = process;
            this.outPump = pump(process.getInputStream(), out);
            this.errPump = pump(process.getErrorStream(), err);
        }

        String out() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        Result awaitExit(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                outPump.join(2000);
                errPump.join(2000);
                throw new AssertionError("slipway did not end within " + seconds + "s; it printed:\n" + out() + "--- stderr\n" + err());
            }
            outPump.join(5000);
            errPump.join(5000);
            return new Result(process.exitValue(), out(), err());
        }

        String err() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        void kill() {
            process.destroyForcibly();
        }

        private static Thread pump(InputStream in, ByteArrayOutputStream into) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        synchronized (into) {
                            into.write(buffer, 0, read);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
    }

    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("SLIPWAY_"));
        builder.environment().putAll(environment);
        return new Running(builder.start());
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).awaitExit(60);
    }
}
