package dev.slipway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as an operator would, and keeps what it printed and how it exited. */
final class Commands {
    private Commands() {
    }

    record Result(int exitCode, String output) {
    }

    /**
     * @throws AssertionError when the command does not finish within {@code timeout}; it and its
     *                        children are killed
     */
    static Result run(Duration timeout, Map<String, String> environment, String... command) throws IOException, InterruptedException {
        // Output goes to a file, so that a command that hangs cannot block the test past its timeout.
        Path output = Files.createTempFile("slipway-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
