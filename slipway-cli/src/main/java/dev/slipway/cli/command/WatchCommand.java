package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.EventFeed;
import dev.slipway.cli.client.NotFoundException;
import dev.slipway.cli.render.Durations;
import dev.slipway.cli.render.PlainProgress;
import dev.slipway.cli.render.ProgressView;
import dev.slipway.cli.render.TerminalProgress;
import dev.slipway.cli.render.Times;
import dev.slipway.cli.status.BuildRef;
import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.StatusClient;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code slipway watch PLAN [BUILD]}: follows a build live, from status-service's event stream, until
 * it is served (exit 0), fails or is superseded (exit 1), or the timeout passes (exit 1).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a build live through its stages until it is served (exit 0) or fails (exit 1).",
                "Without BUILD, the newest build of the plan; a commit that status-service does not know yet "
                        + "is waited for (run it right after a push). On a terminal the stages are redrawn in place; "
                        + "piped (or with --plain), one line per change."})
public class WatchCommand extends SlipwayCommand {
    /** status-service sends a heartbeat every 15 s; three missed ones mean the connection is gone. */
    private static final Duration SILENCE = Duration.ofSeconds(45);
    private static final Duration TICK = Duration.ofSeconds(1);

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan")
    PlanName plan;

    @Parameters(index = "1", paramLabel = "BUILD", arity = "0..1",
            description = "a build number, 'latest' (the default), a commit (7 or more hex digits) or a request id")
    BuildRef build;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "give up (exit 1) after this long, saying what the build still waited for (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--deploy-wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "how long a built image may wait for a deployment request before the watch ends (exit 1); "
                    + "for plans no environment deploys automatically (default: ${DEFAULT-VALUE})")
    Duration deployWait;

    @Option(names = "--plain", description = "one line per change even on a terminal")
    boolean plain;

    @Override
    public Integer call() throws InterruptedException {
        Times times = times();
        Instant deadline = times.now().plus(timeout);
        StatusClient status = services().status();
        WatchedBuild watched = new WatchedBuild(plan, build == null ? BuildRef.latest() : build);
        ProgressView view = onTerminal() ? new TerminalProgress(out(), times, terminalWidth()) : new PlainProgress(out(), times);
        // Subscribe first, then look: a change between the two arrives as an event and is not lost.
        try (EventFeed feed = status.events(plan)) {
            lookUp(status, watched, view, true);
            Instant builtSince = null;
            while (true) {
                Optional<WatchedBuild.Ending> ending = watched.ending();
                if (ending.isPresent()) {
                    view.finish(ending.get().line());
                    return ending.get().exitCode();
                }
                Instant now = times.now();
                builtSince = watched.builtWithoutDeployment() ? (builtSince == null ? now : builtSince) : null;
                if (builtSince != null && !now.isBefore(builtSince.plus(deployWait))) {
                    BuildSummary built = watched.current().orElseThrow();
                    view.finish("built, but no deployment was requested within " + Durations.of(deployWait)
                            + " (deploy it: slipway deploy " + plan + " " + built.number() + " --env ENV)");
                    return ExitCode.FAILED;
                }
                if (!now.isBefore(deadline)) {
                    throw new CliException(ExitCode.FAILED, "timed out after " + Durations.of(timeout) + ", still waiting for "
                            + watched.stillWaitingFor(times));
                }
                Duration left = Duration.between(now, deadline);
                Optional<EventFeed.Item> item = feed.poll(left.compareTo(TICK) < 0 ? left : TICK);
                feed.dropIfSilentFor(SILENCE);
                if (item.isEmpty()) {
                    view.tick();
                } else if (item.get() instanceof EventFeed.Received received) {
                    status.build(received.event()).filter(watched::accept).ifPresent(view::update);
                } else if (item.get() instanceof EventFeed.Dropped dropped) {
                    view.note("lost the event stream (" + dropped.why() + "); reconnecting");
                } else if (item.get() instanceof EventFeed.Reconnected) {
                    view.note("reconnected to " + status.name());
                    // events sent while the stream was down are gone: ask for the build as it is now
                    lookUp(status, watched, view, false);
                }
            }
        }
    }

    /**
     * Asks status-service for the watched build. The first time, an unknown build is an error unless
     * it may still appear; after a reconnect, any failure is left to the event stream to make up for.
     */
    private void lookUp(StatusClient status, WatchedBuild watched, ProgressView view, boolean first) {
        try {
            BuildSummary found = status.build(plan, watched.refreshRef()).value().summary();
            // status-service resolves the ref (a number that is also a commit prefix, say): its answer is the build
            if (first ? watched.adopt(found) : watched.accept(found)) {
                view.update(found);
            }
        } catch (NotFoundException e) {
            if (first && !watched.mayAppear()) {
                throw e;
            }
            if (watched.current().isEmpty()) {
                view.waitingFor(watched.awaited());
            }
        } catch (CliException e) {
            if (first) {
                throw e;
            }
        }
    }

    /** Shells set COLUMNS but seldom export it; without it, the narrowest common terminal. */
    private static int terminalWidth() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** A terminal gets the redrawn view; a pipe, a file or {@code TERM=dumb} gets plain lines. */
    private boolean onTerminal() {
        return !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
