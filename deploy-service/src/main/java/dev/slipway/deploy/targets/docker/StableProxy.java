package dev.slipway.deploy.targets.docker;

import dev.slipway.deploy.targets.TargetConfiguration;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The haproxy in front of a Docker engine's stable apps (bin/stack runs it): one file per app in its
 * configuration folder, {@code <app>.cfg}, with a frontend on the app's stable port and a backend with
 * the one container that serves. A switch rewrites the file and asks haproxy's master, on its CLI
 * socket, to reload: the new worker takes the listening sockets over from the old one, so no
 * connection is refused, and the old worker finishes the requests it holds before it exits.
 *
 * <p>The file is the record of the app's port: it is chosen once, from a configured range, and kept
 * across builds and restarts of either haproxy or this service.
 */
public final class StableProxy {
    private static final Logger LOG = LoggerFactory.getLogger(StableProxy.class);
    private static final Pattern PORT_LINE = Pattern.compile("(?m)^# slipway-port (\\d+)$");
    private static final Pattern SERVER_LINE = Pattern.compile("(?m)^# slipway-server (\\S+) (\\S+):(\\d+)$");
    private static final Pattern PORTS_LINE = Pattern.compile("(?m)^# slipway-ports ([\\d ]+)$");
    /** A health path haproxy's configuration can take as one word; others are checked by connecting only. */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9/._~%-]*");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** How long a reload may take to show in the new worker (a busy master may still be reloading for someone else). */
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the hard-stop-after of stack/haproxy.cfg: by then the old worker is gone whatever it held. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /** Switches of one service are made one at a time: each reload takes the files as they are. */
    private static final Object SWITCHES = new Object();

    private final String targetName;
    private final Path configDir;
    private final Path masterSocket;
    private final String host;
    private final int firstPort;
    private final int lastPort;

    public StableProxy(TargetConfiguration configuration) {
        this.targetName = configuration.name();
        this.configDir = configuration.proxyConfigPath();
        this.masterSocket = configuration.proxyMasterSocketPath();
        this.host = configuration.stableUrlHost();
        Matcher range = RANGE.matcher(configuration.proxyPorts());
        if (!range.matches() || Integer.parseInt(range.group(1)) < 1 || Integer.parseInt(range.group(2)) > 65535
                || Integer.parseInt(range.group(1)) > Integer.parseInt(range.group(2))) {
            throw new IllegalArgumentException("proxy-ports must be a range such as 20000-20999, was '" + configuration.proxyPorts() + "'");
        }
        this.firstPort = Integer.parseInt(range.group(1));
        this.lastPort = Integer.parseInt(range.group(2));
    }

    /** Where one app's traffic goes now: the stable port and the container behind it. */
    record Route(int port, String server, String address, int serverPort) {
    }

    /**
     * Fails, with what to do about it, when the proxy cannot be used: a stable environment is never
     * deployed stop-first behind the user's back.
     */
    public void requireRunning() throws TargetException {
        if (!Files.isDirectory(configDir)) {
            throw new TargetException("target " + targetName + " serves stable environments through haproxy, but its folder "
                    + configDir + " does not exist: start it with bin/stack up, or set slipway.deploy.targets." + targetName
                    + ".proxy-config-dir and proxy-master-socket");
        }
        try {
            command("show proc");
        } catch (IOException e) {
            throw new TargetException("target " + targetName + " serves stable environments through haproxy, but its master"
                    + " socket " + masterSocket + " does not answer (" + e.getMessage() + "): start it with bin/stack up,"
                    + " or set slipway.deploy.targets." + targetName + ".proxy-master-socket");
        }
    }

    Optional<Route> route(String app) throws TargetException {
        Path file = file(app);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file);
            Matcher port = PORT_LINE.matcher(text);
            Matcher server = SERVER_LINE.matcher(text);
            if (!port.find() || !server.find()) {
                return Optional.empty();
            }
            return Optional.of(new Route(Integer.parseInt(port.group(1)), server.group(1), server.group(2),
                    Integer.parseInt(server.group(3))));
        } catch (IOException e) {
            throw new TargetException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    URI url(Route route) {
        return URI.create("http://" + host + ":" + route.port() + "/");
    }

    /**
     * Points the app's stable URL at {@code server} ({@code address:serverPort}) and returns once haproxy's
     * current worker routes there, having waited for the workers that served before to finish their requests
     * (so that the container they sent them to can go).
     */
    URI switchTo(String app, String server, String address, int serverPort) throws TargetException, InterruptedException {
        synchronized (SWITCHES) {
            Optional<Route> before = route(app);
            Path file = file(app);
            String previousText = read(file);
            int port = before.map(Route::port).orElseGet(this::freePort);
            if (port < 0) {
                throw new TargetException("no port left in proxy-ports " + firstPort + "-" + lastPort + " of target " + targetName
                        + " for the stable URL of " + app);
            }
            Set<String> servingWorkers;
            try {
                servingWorkers = workers(command("show proc"), false);
            } catch (IOException e) {
                throw new TargetUnavailableException("haproxy's master socket " + masterSocket + " does not answer: " + e.getMessage(), e);
            }
            write(file, configuration(app, port, server, address, serverPort));
            try {
                reloadAndAwait(app, server, address);
            } catch (TargetException e) {
                restore(file, previousText);
                throw e;
            }
            awaitGone(servingWorkers);
            Route route = new Route(port, server, address, serverPort);
            LOG.info("The stable URL {} of {} now goes to {} ({}:{})", url(route), app, server, address, serverPort);
            return url(route);
        }
    }

    /**
     * The app's ports, chosen once from the range and kept in its file: {@code count} of them, the first being
     * the stable URL's (Swarm's two tasks, blue and green, publish the others).
     */
    public int[] ports(String app, int count) throws TargetException {
        synchronized (SWITCHES) {
            String text = read(file(app));
            if (text != null) {
                Matcher known = PORTS_LINE.matcher(text);
                if (known.find()) {
                    int[] ports = java.util.Arrays.stream(known.group(1).trim().split(" +")).mapToInt(Integer::parseInt).toArray();
                    if (ports.length == count) {
                        return ports;
                    }
                }
            }
            int[] ports = new int[count];
            Set<Integer> taken = takenPorts();
            for (int i = 0; i < count; i++) {
                ports[i] = freePort(taken);
                if (ports[i] < 0) {
                    throw new TargetException("no port left in proxy-ports " + firstPort + "-" + lastPort + " of target "
                            + targetName + " for " + app);
                }
                taken.add(ports[i]);
            }
            // Recorded at once, so that the ports are the app's from now on, also for other apps' choices.
            StringBuilder line = new StringBuilder("# slipway-ports");
            for (int port : ports) {
                line.append(' ').append(port);
            }
            write(file(app), "# Ports chosen for " + app + " by deploy-service (target " + targetName + ")\n" + line + "\n");
            return ports;
        }
    }

    /**
     * Points the app's stable URL ({@code ports[0]}) at all of {@code servers}, each checked by haproxy itself on its
     * own health path (the build it runs may have another one than the other's): traffic goes to those that pass,
     * so a task that starts beside the serving one gets none until it is healthy, and one that stops is left out
     * (a request it refused is sent to another one).
     */
    public URI serveChecked(String app, int[] ports, List<Server> servers) throws TargetException, InterruptedException {
        synchronized (SWITCHES) {
            StringBuilder text = new StringBuilder("# Written by deploy-service (target " + targetName + "): the stable URL of "
                    + app + ".\n# slipway-port " + ports[0] + "\n# slipway-ports");
            for (int port : ports) {
                text.append(' ').append(port);
            }
            text.append('\n');
            for (Server server : servers) {
                text.append("# slipway-check ").append(server.name()).append(' ').append(server.healthPath()).append('\n');
            }
            text.append("frontend ").append(app).append("\n    bind 0.0.0.0:").append(ports[0])
                    .append("\n    default_backend ").append(app)
                    .append("\nbackend ").append(app).append("\n");
            for (Server server : servers) {
                text.append("    server ").append(server.name()).append(' ').append(server.address()).append(':').append(server.port())
                        .append(" track ").append(app).append("-check-").append(server.name()).append('/').append(server.name())
                        .append('\n');
            }
            // One backend per server, only to check it: haproxy checks a backend's servers on one path.
            for (Server server : servers) {
                text.append("backend ").append(app).append("-check-").append(server.name()).append('\n');
                if (PLAIN_PATH.matcher(server.healthPath()).matches()) {
                    text.append("    option httpchk GET ").append(server.healthPath()).append("\n    http-check expect status 200-299\n");
                }
                text.append("    server ").append(server.name()).append(' ').append(server.address()).append(':').append(server.port())
                        .append(" check inter 500ms fall 2 rise 1\n");
            }
            Path file = file(app);
            String previous = read(file);
            if (!text.toString().equals(previous)) {
                write(file, text.toString());
                try {
                    reloadAndAwait(app, servers.get(0).name(), servers.get(0).address());
                } catch (TargetException e) {
                    restore(file, previous);
                    throw e;
                }
            }
            return URI.create("http://" + host + ":" + ports[0] + "/");
        }
    }

    /** The health path the app's file checks {@code server} on; "/" when it names none. */
    public String checkPath(String app, String server) throws TargetException {
        String text = read(file(app));
        if (text != null) {
            Matcher check = Pattern.compile("(?m)^# slipway-check " + Pattern.quote(server) + " (\\S+)$").matcher(text);
            if (check.find()) {
                return check.group(1);
            }
        }
        return "/";
    }

    /** The stable URL an app's file names, if it has one. */
    public Optional<URI> stableUrl(String app) throws TargetException {
        String text = read(file(app));
        if (text == null) {
            return Optional.empty();
        }
        Matcher port = PORT_LINE.matcher(text);
        return port.find() ? Optional.of(URI.create("http://" + host + ":" + port.group(1) + "/")) : Optional.empty();
    }

    /** One server of a backend: a task's or container's address. */
    public record Server(String name, String address, int port, String healthPath) {
    }

    /** Takes the app's stable URL away (its environment is removed). */
    public void remove(String app) throws TargetException, InterruptedException {
        synchronized (SWITCHES) {
            try {
                if (!Files.deleteIfExists(file(app))) {
                    return;
                }
            } catch (IOException e) {
                throw new TargetException("could not remove " + file(app) + ": " + e.getMessage(), e);
            }
            reload();
        }
    }

    private void reloadAndAwait(String app, String server, String address) throws TargetException, InterruptedException {
        reload();
        Instant deadline = Instant.now().plus(RELOAD_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                last = command("@1 show servers state " + app);
                for (String line : last.split("\n")) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 4 && fields[1].equals(app) && fields[3].equals(server) && fields[4].equals(address)) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.getMessage();   // the master re-executes itself while it reloads
            }
            Thread.sleep(100);
        }
        String status;
        try {
            status = command("show proc").lines().filter(line -> line.contains("master")).findFirst().orElse("");
        } catch (IOException e) {
            status = e.getMessage();
        }
        throw new TargetUnavailableException("haproxy did not route " + app + " to " + server + " within "
                + RELOAD_TIMEOUT.toSeconds() + " s of a reload (master: " + status.strip() + "; last answer: " + last.strip()
                + "); its log (bin/stack: logs/haproxy.log) says why");
    }

    private void reload() throws TargetException, InterruptedException {
        Instant deadline = Instant.now().plus(RELOAD_TIMEOUT);
        while (true) {
            try {
                command("reload");
                return;
            } catch (IOException e) {
                // Another reload is under way: the master's socket is back once it re-executed.
                if (Instant.now().isAfter(deadline)) {
                    throw new TargetUnavailableException("could not ask haproxy to reload on " + masterSocket + ": " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until none of {@code workers} runs any more (each finishes what it holds, or is stopped by hard-stop-after). */
    private void awaitGone(Set<String> workers) throws InterruptedException {
        if (workers.isEmpty()) {
            return;
        }
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                Set<String> running = workers(command("show proc"), true);
                running.retainAll(workers);
                if (running.isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                LOG.debug("Could not read haproxy's workers: {}", e.getMessage());
            }
            Thread.sleep(100);
        }
        LOG.warn("haproxy's workers {} still run {} s after a switch; going on", workers, DRAIN_TIMEOUT.toSeconds());
    }

    /** The worker pids of {@code show proc}: the current ones, and with {@code old} also the old ones. */
    private static Set<String> workers(String showProc, boolean old) {
        Set<String> pids = new HashSet<>();
        String section = "";
        for (String line : showProc.split("\n")) {
            if (line.startsWith("#")) {
                section = line;
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            boolean current = section.startsWith("# workers");
            boolean previous = section.startsWith("# old workers");
            if (fields.length > 1 && fields[1].equals("worker") && (current || (old && previous))) {
                pids.add(fields[0]);
            }
        }
        return pids;
    }

    private String configuration(String app, int port, String server, String address, int serverPort) {
        return "# Written by deploy-service (target " + targetName + "): the stable URL of " + app + ".\n"
                + "# The next deployment rewrites it; the port is kept.\n"
                + "# slipway-port " + port + "\n"
                + "# slipway-server " + server + " " + address + ":" + serverPort + "\n"
                + "frontend " + app + "\n"
                + "    bind 0.0.0.0:" + port + "\n"
                + "    default_backend " + app + "\n"
                + "backend " + app + "\n"
                + "    server " + server + " " + address + ":" + serverPort + "\n";
    }

    /** The lowest port of the range that no app's file names and nothing listens on; -1 when there is none. */
    private int freePort() {
        return freePort(takenPorts());
    }

    private int freePort(Set<Integer> taken) {
        for (int port = firstPort; port <= lastPort; port++) {
            if (!taken.contains(port) && !listening(port)) {
                return port;
            }
        }
        return -1;
    }

    /** The ports every app's file names. */
    private Set<Integer> takenPorts() {
        Set<Integer> taken = new HashSet<>();
        try (Stream<Path> files = Files.list(configDir)) {
            for (Path other : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                String text = read(other);
                Matcher one = PORT_LINE.matcher(text);
                while (one.find()) {
                    taken.add(Integer.parseInt(one.group(1)));
                }
                Matcher many = PORTS_LINE.matcher(text);
                while (many.find()) {
                    for (String port : many.group(1).trim().split(" +")) {
                        taken.add(Integer.parseInt(port));
                    }
                }
            }
        } catch (IOException | TargetException | RuntimeException e) {
            LOG.warn("Could not read the ports of {}: {}", configDir, e.getMessage());
        }
        return taken;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path file(String app) {
        return configDir.resolve(app + ".cfg");
    }

    private static String read(Path file) throws TargetException {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new TargetException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Written beside and moved into place: haproxy never reads half a file (bin/stack reads *.cfg only). */
    private static void write(Path file, String text) throws TargetException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TargetException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private void restore(Path file, String previousText) {
        try {
            if (previousText == null) {
                Files.deleteIfExists(file);
            } else {
                write(file, previousText);
            }
            reload();
        } catch (IOException | TargetException e) {
            LOG.warn("Could not restore {}: {}", file, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One command on haproxy's master CLI; its whole answer. */
    private String command(String command) throws IOException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Thread reader = new Thread(() -> {
            try (channel) {
                channel.connect(UnixDomainSocketAddress.of(masterSocket));
                channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.shutdownOutput();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                StringBuilder text = new StringBuilder();
                while (channel.read(buffer) >= 0) {
                    buffer.flip();
                    text.append(StandardCharsets.UTF_8.decode(buffer));
                    buffer.clear();
                }
                answer.complete(text.toString());
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, "haproxy-cli");
        reader.setDaemon(true);
        reader.start();
        try {
            return answer.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            channel.close();
            throw new IOException("no answer within " + COMMAND_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
