package dev.slipway.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/slipway}'s client commands as a person runs them: the real script and the CLI's packaged
 * jar, talking to the test's services. Output is kept apart (stdout for what a script reads, stderr for
 * what went wrong), and the command's stdout is never a terminal, so it prints plain lines.
 */
final class SlipwayCli {
    private final Path root;
    private final Map<String, String> environment;

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    SlipwayCli(Path root, Path data, Map<String, URI> services, String token) {
        this.root = root;
        this.environment = new HashMap<>();
        environment.put("SLIPWAY_DATA", data.toString());
        services.forEach((name, url) -> environment.put("SLIPWAY_" + name.toUpperCase() + "_URL", url.toString()));
        environment.put("SLIPWAY_TOKEN", token);
    }

    private SlipwayCli(Path root, Map<String, String> environment) {
        this.root = root;
        this.environment = environment;
    }

    /** The same command line with another token (or none: null). */
    SlipwayCli withToken(String token) {
        Map<String, String> changed = new HashMap<>(environment);
        if (token == null) {
            changed.remove("SLIPWAY_TOKEN");
        } else {
            changed.put("SLIPWAY_TOKEN", token);
        }
        return new SlipwayCli(root, changed);
    }

    /** The same command line with one service's address changed (an unreachable one, say). */
    SlipwayCli withService(String name, URI url) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put("SLIPWAY_" + name.toUpperCase() + "_URL", url.toString());
        return new SlipwayCli(root, changed);
    }

    Result run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/slipway").toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile("slipway-cli", ".out");
        Path err = Files.createTempFile("slipway-cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("SLIPWAY_TOKEN");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
