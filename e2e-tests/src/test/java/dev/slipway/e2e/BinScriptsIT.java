package dev.slipway.e2e;

import dev.slipway.e2e.Commands.Result;
import dev.slipway.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/stack and bin/slipway as an operator meets them: what they print and how they exit when a pid
 * file is stale, when someone else's process holds their port, when Ctrl-C comes during start-up,
 * and when the consumer-group step fails.
 *
 * <p>None of this may disturb the stack the rest of the suite runs on, so each test has its own
 * SLIPWAY_STACK_HOME or SLIPWAY_DATA in a temporary folder and ports of its own. bin/stack runs
 * from the checkout (the test only gets it as far as its broker check, which comes before it
 * starts anything). bin/slipway runs from a copy of bin/ in a temporary checkout where bin/stack is
 * a stand-in and the services' "java -jar" is a process that never answers /health: starting the
 * five real services would take the suite's ports and broker, and a build would race the reactor.
 * Everything else in bin/slipway (the git daemon, the consumer-group step with the real jar, the
 * traps, the pid files) is the real thing.
 */
class BinScriptsIT {
    private static final Path ROOT = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("slipway.version", "0.1.0-SNAPSHOT");
    private static final List<String> SERVICES = List.of("webhook-service", "artifact-service", "image-service", "deploy-service",
            "status-service");
    private static final long OWN_PID = ProcessHandle.current().pid();

    @TempDir
    Path temp;

    /**
     * Processes a test started, killed afterwards with their children (git daemon serves from a
     * child) whatever the scripts did to them. Handles, not pids: a handle knows its process's
     * start time and will not signal a successor.
     */
    private final List<ProcessHandle> leftovers = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (ProcessHandle process : leftovers) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void cleanUpLater(long pid) {
        ProcessHandle.of(pid).ifPresent(leftovers::add);
    }

    // --- pid files ------------------------------------------------------------------------------

    @Test
    void stopAndDownLeaveAloneAProcessThatAStalePidFileNames() throws Exception {
        long stranger = startSleep();
        Path data = temp.resolve("data");
        Path stackHome = temp.resolve("stack");
        // Pid files as they look once their process has exited and the number went to another:
        // one with a start time that is not the stranger's, one of the older pid-only kind written
        // before the stranger started.
        writeStalePidFile(data.resolve("run/webhook-service.pid"), stranger);
        writeOldPidFile(data.resolve("run/git-daemon.pid"), stranger, Instant.now().minus(Duration.ofHours(1)));
        writeStalePidFile(stackHome.resolve("run/kafka-" + FreePorts.next() + ".pid"), stranger);
        writeStalePidFile(stackHome.resolve("run/registry.pid"), stranger);
        writeOldPidFile(stackHome.resolve("run/dockerd.pid"), stranger, Instant.now().minus(Duration.ofHours(1)));

        Result stop = run(Duration.ofSeconds(30), Map.of("SLIPWAY_DATA", data.toString()), script("slipway"), "stop");
        assertEquals(0, stop.exitCode(), stop.output());
        assertTrue(stop.output().contains("webhook-service: " + data.resolve("run/webhook-service.pid") + " names pid " + stranger),
                stop.output());
        assertTrue(stop.output().contains("git-daemon: " + data.resolve("run/git-daemon.pid") + " names pid " + stranger), stop.output());
        assertFalse(stop.output().contains("stopping"), stop.output());
        assertTrue(running(stranger), "bin/slipway stop signalled pid " + stranger + ", which it had not started: " + stop.output());
        assertFalse(Files.exists(data.resolve("run/webhook-service.pid")), "the stale pid file is removed");

        Result down = run(Duration.ofSeconds(30), Map.of("SLIPWAY_STACK_HOME", stackHome.toString()), script("stack"), "down");
        assertEquals(0, down.exitCode(), down.output());
        assertTrue(down.output().contains("registry: " + stackHome.resolve("run/registry.pid") + " names pid " + stranger), down.output());
        assertFalse(down.output().contains("stopping"), down.output());
        assertTrue(running(stranger), "bin/stack down signalled pid " + stranger + ", which it had not started: " + down.output());
        try (var files = Files.list(stackHome.resolve("run"))) {
            assertEquals(List.of(), files.toList(), "stale pid files are removed");
        }
    }

    @Test
    void stopStillStopsWhatStartStartedAndWhatAnEarlierVersionStarted() throws Exception {
        Path data = temp.resolve("data");
        long service = startDaemonWithTheLibrary(ROOT, data, "webhook-service");
        long older = startSleep();
        // An earlier bin/slipway wrote the pid alone, right after starting the process.
        writeOldPidFile(data.resolve("run/git-daemon.pid"), older, Instant.now());

        Result stop = run(Duration.ofSeconds(40), Map.of("SLIPWAY_DATA", data.toString()), script("slipway"), "stop");

        assertEquals(0, stop.exitCode(), stop.output());
        assertTrue(stop.output().contains("webhook-service: stopping (pid " + service + ")"), stop.output());
        assertTrue(stop.output().contains("git-daemon: stopping (pid " + older + ")"), stop.output());
        awaitGone(service);
        awaitGone(older);
    }

    // --- ports held by someone else -------------------------------------------------------------

    @Test
    void stackUpRefusesAForeignProcessOnTheBrokersPort() throws Exception {
        Path stackHome = temp.resolve("stack");
        try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String broker = "127.0.0.1:" + foreign.getLocalPort();

            Result up = run(Duration.ofSeconds(60),
                    Map.of("SLIPWAY_STACK_HOME", stackHome.toString(), "KAFKA_BOOTSTRAP_SERVERS", broker), script("stack"), "up");

            assertEquals(1, up.exitCode(), up.output());
            assertTrue(up.output().contains("[stack] error: " + broker + " is held by pid " + OWN_PID + " ("), up.output());
            assertTrue(up.output().contains("not by the Kafka broker that bin/stack started"), up.output());
            assertTrue(up.output().contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:<port>"), up.output());
            assertFalse(up.output().contains("starting"), "nothing is started: " + up.output());
            assertFalse(Files.exists(stackHome.resolve("run/kafka-" + foreign.getLocalPort() + ".pid")), up.output());
        }
    }

    @Test
    void slipwayRefusesAForeignProcessOnTheGitDaemonsPort() throws Exception {
        Path checkout = checkoutWithStandIns(ConsumerGroupStep.SUCCEEDS);
        Path data = temp.resolve("data");
        try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> environment = slipwayEnvironment(checkout, data, foreign.getLocalPort());

            Result start = run(Duration.ofSeconds(60), environment, checkout.resolve("bin/slipway").toString(), "start");

            assertEquals(1, start.exitCode(), start.output());
            assertTrue(start.output().contains("[slipway] error: 127.0.0.1:" + foreign.getLocalPort() + " is held by pid " + OWN_PID + " ("),
                    start.output());
            assertTrue(start.output().contains("not by the git daemon that bin/slipway started"), start.output());
            assertTrue(start.output().contains("SLIPWAY_GIT_PORT=<port>"), start.output());
            for (String service : SERVICES) {
                assertFalse(Files.exists(data.resolve("run/" + service + ".pid")), service + " was started: " + start.output());
            }
        }
    }

    @Test
    void startTakesTheGitDaemonAnEarlierStartLeftAndLeavesItRunningWhenItFails() throws Exception {
        Path checkout = checkoutWithStandIns(ConsumerGroupStep.FAILS);
        Path data = temp.resolve("data");
        int gitPort = FreePorts.next();
        long earlier = startDaemonWithTheLibrary(checkout, data, "git-daemon", "git", "daemon", "--reuseaddr", "--export-all",
                "--listen=127.0.0.1", "--port=" + gitPort, temp.toString());
        awaitListening(gitPort);

        Result start = run(Duration.ofSeconds(60), slipwayEnvironment(checkout, data, gitPort), checkout.resolve("bin/slipway").toString(), "start");

        assertEquals(1, start.exitCode(), start.output());
        assertTrue(start.output().contains("[slipway] git daemon: running on git://127.0.0.1:" + gitPort + "/"), start.output());
        assertTrue(start.output().contains("ConsumerGroupsTool: (stand-in) the broker is gone; see " + data.resolve("logs/consumer-groups.log")),
                start.output());
        assertFalse(start.output().contains("stopping"), start.output());
        assertTrue(running(earlier), "the git daemon of an earlier start was stopped: " + start.output());
        assertTrue(listening(gitPort), start.output());
    }

    // --- Ctrl-C ---------------------------------------------------------------------------------

    @Test
    void ctrlCDuringStartUpStopsWhatThatStartHadStartedAndNothingElse() throws Exception {
        Path checkout = checkoutWithStandIns(ConsumerGroupStep.SUCCEEDS);
        Path data = temp.resolve("data");
        // deploy-service runs already, started by an earlier bin/slipway: it must outlive the Ctrl-C.
        long earlier = startDaemonWithTheLibrary(checkout, data, "deploy-service");
        int gitPort = FreePorts.next();
        Map<String, String> environment = slipwayEnvironment(checkout, data, gitPort);
        Path output = temp.resolve("start.out");

        // Its own session, so that SIGINT can go to its process group as a terminal's Ctrl-C does
        // (bash only acts on a SIGINT that its foreground command got too); perl undoes an ignored
        // SIGINT that this JVM may have inherited, which bash could not trap.
        ProcessBuilder builder = new ProcessBuilder("setsid", "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"$!\"",
                checkout.resolve("bin/slipway").toString(), "start")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process slipway = builder.start();
        leftovers.add(slipway.toHandle());

        awaitOutput(output, "waiting up to 120 s for each service's /health", Duration.ofSeconds(60));
        List<Long> started = new ArrayList<>();
        for (String name : List.of("webhook-service", "artifact-service", "image-service", "git-daemon")) {
            long pid = pidIn(data.resolve("run/" + name + ".pid"));
            cleanUpLater(pid);
            assertTrue(running(pid), name + " runs before the Ctrl-C");
            started.add(pid);
        }

        run(Duration.ofSeconds(10), Map.of(), "kill", "-INT", "--", "-" + slipway.pid());
        assertTrue(slipway.waitFor(60, TimeUnit.SECONDS), "bin/slipway did not exit after Ctrl-C: " + read(output));

        String printed = read(output);
        assertEquals(130, slipway.exitValue(), printed);
        assertTrue(printed.contains("interrupted (SIGINT): stopping what this invocation started: "
                + "git-daemon webhook-service artifact-service image-service"), printed);
        for (long pid : started) {
            awaitGone(pid);
        }
        assertFalse(listening(gitPort), "the git daemon still listens on " + gitPort);
        assertTrue(running(earlier), "deploy-service, started before, was stopped: " + printed);
        assertEquals(earlier, pidIn(data.resolve("run/deploy-service.pid")), printed);
    }

    // --- the consumer-group step ----------------------------------------------------------------

    @Test
    void aFailingConsumerGroupStepSaysWhatFailedAndWhereItsLogIs() throws Exception {
        Path checkout = checkoutWithStandIns(ConsumerGroupStep.REAL);
        Path data = temp.resolve("data");
        int gitPort = FreePorts.next();
        Map<String, String> environment = new HashMap<>(slipwayEnvironment(checkout, data, gitPort));
        // A broker address that cannot be reached: the real ConsumerGroupsTool fails on it at once.
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "broker.invalid:9092");

        Result start = run(Duration.ofSeconds(60), environment, checkout.resolve("bin/slipway").toString(), "start");

        Path log = data.resolve("logs/consumer-groups.log");
        assertEquals(1, start.exitCode(), start.output());
        assertTrue(start.output().contains("[slipway] error: the consumer groups could not be positioned on broker.invalid:9092"),
                start.output());
        assertTrue(start.output().contains("see " + log), start.output());
        assertTrue(Files.readString(log).contains("ConsumerGroupsTool"), Files.readString(log));
        // The git daemon it had started is stopped again; no service was started.
        assertTrue(start.output().contains("git-daemon: stopping"), start.output());
        assertFalse(listening(gitPort), "the git daemon still listens on " + gitPort);
        assertFalse(Files.exists(data.resolve("run/git-daemon.pid")), start.output());
        for (String service : SERVICES) {
            assertFalse(Files.exists(data.resolve("run/" + service + ".pid")), service + " was started: " + start.output());
        }
    }

    // --- a checkout for bin/slipway -------------------------------------------------------------

    /**
     * bin/slipway and bin/lib from the checkout; bin/stack a stand-in that says what it was asked;
     * the services' jars, with the real webhook-service jar for the consumer-group step (where the
     * build has made it); and a java first on PATH that runs every "-jar" as a process that never
     * answers /health, and, when asked to, stands in for the consumer-group step too.
     */
    private Path checkoutWithStandIns(ConsumerGroupStep step) throws IOException {
        Path checkout = temp.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin/lib"));
        Files.copy(ROOT.resolve("bin/slipway"), checkout.resolve("bin/slipway"));
        Files.copy(ROOT.resolve("bin/lib/common.sh"), checkout.resolve("bin/lib/common.sh"));
        executable(checkout.resolve("bin/stack"), "#!/bin/sh\necho \"[stack] (stand-in) $*\"\n");
        for (String service : SERVICES) {
            Path jar = checkout.resolve(service + "/target/" + service + "-" + VERSION + ".jar");
            Files.createDirectories(jar.getParent());
            Path built = ROOT.resolve(service + "/target/" + service + "-" + VERSION + ".jar");
            if (service.equals("webhook-service") && Files.isRegularFile(built)) {
                Files.createSymbolicLink(jar, built);
            } else {
                Files.createFile(jar);
            }
        }
        // The CLI's jar, present so that bin/slipway does not try to build in this checkout.
        Path cli = checkout.resolve("slipway-cli/target/slipway-cli.jar");
        Files.createDirectories(cli.getParent());
        Files.createFile(cli);
        String realJava = ProcessHandle.current().info().command().orElse("java");
        executable(checkout.resolve("stand-ins/java"), """
                #!/bin/sh
                case " $* " in
                  *ConsumerGroupsTool*) %s ;;
                  *" -jar "*) exec sleep 300 ;;
                esac
                exec '%s' "$@"
                """.formatted(step.standIn, realJava));
        return checkout;
    }

    /** What the consumer-group step does in a checkout with stand-ins. */
    private enum ConsumerGroupStep {
        SUCCEEDS("echo 'artifact-service: resumes from its committed offsets'; exit 0"),
        FAILS("echo 'ConsumerGroupsTool: (stand-in) the broker is gone' >&2; exit 1"),
        REAL(":");

        private final String standIn;

        ConsumerGroupStep(String standIn) {
            this.standIn = standIn;
        }
    }

    private Map<String, String> slipwayEnvironment(Path checkout, Path data, int gitPort) throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", checkout.resolve("stand-ins") + File.pathSeparator + System.getenv("PATH"));
        environment.put("SLIPWAY_DATA", data.toString());
        environment.put("SLIPWAY_GIT_PORT", String.valueOf(gitPort));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        environment.put("GITHUB_WEBHOOK_SECRET", "bin-scripts-test");
        for (String variable : List.of("WEBHOOK_PORT", "ARTIFACT_PORT", "IMAGE_PORT", "DEPLOY_PORT", "STATUS_PORT")) {
            environment.put(variable, String.valueOf(FreePorts.next()));
        }
        return environment;
    }

    /** Starts "sleep 300" as daemon NAME with bin/lib/common.sh's start_daemon, as a start would. */
    private long startDaemonWithTheLibrary(Path checkout, Path data, String name) throws Exception {
        return startDaemonWithTheLibrary(checkout, data, name, "sleep", "300");
    }

    private long startDaemonWithTheLibrary(Path checkout, Path data, String name, String... command) throws Exception {
        List<String> driver = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail; source \"$1\"; shift; start_daemon \"$@\"",
                "driver", checkout.resolve("bin/lib/common.sh").toString(), name));
        driver.addAll(List.of(command));
        Result started = run(Duration.ofSeconds(20),
                Map.of("LOG_TAG", "test", "RUN_DIR", data.resolve("run").toString(), "LOG_DIR", data.resolve("logs").toString()),
                driver.toArray(String[]::new));
        assertEquals(0, started.exitCode(), started.output());
        long pid = pidIn(data.resolve("run/" + name + ".pid"));
        cleanUpLater(pid);
        return pid;
    }

    // --- processes and pid files ----------------------------------------------------------------

    private long startSleep() throws IOException {
        Process sleep = new ProcessBuilder("sleep", "300").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        leftovers.add(sleep.toHandle());
        return sleep.pid();
    }

    /** A pid file in today's form ("pid start-time") whose start time is not that process's. */
    private static void writeStalePidFile(Path file, long pid) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, pid + " " + (startTime(pid) - 1) + "\n");
    }

    /** A pid file in the form of earlier versions: the pid alone, written at the given time. */
    private static void writeOldPidFile(Path file, long pid, Instant written) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, pid + "\n");
        Files.setLastModifiedTime(file, FileTime.from(written));
    }

    private static long pidIn(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim().split("\\s+")[0]);
    }

    /** /proc/PID/stat after the command name: state is field 3, the start time field 22. */
    private static String[] stat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long startTime(long pid) throws IOException {
        return Long.parseLong(stat(pid)[19]);
    }

    /** Runs, and has not exited (an exited process may linger as a zombie until it is reaped). */
    private static boolean running(long pid) {
        try {
            return !stat(pid)[0].equals("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    private static void awaitGone(long pid) {
        await("pid " + pid + " gone").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> !running(pid));
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private static void awaitListening(int port) {
        await("something listening on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> listening(port));
    }

    // --- running the scripts --------------------------------------------------------------------

    private static String script(String name) {
        return ROOT.resolve("bin").resolve(name).toString();
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        assertTrue(file.toFile().setExecutable(true), file.toString());
    }

    private static void awaitOutput(Path output, String line, Duration timeout) {
        await("\"" + line + "\" printed").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> read(output).contains(line));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static Result run(Duration timeout, Map<String, String> environment, String... command) throws Exception {
        return Commands.run(timeout, environment, command);
    }
}
