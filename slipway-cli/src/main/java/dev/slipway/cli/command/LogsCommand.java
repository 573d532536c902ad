package dev.slipway.cli.command;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.NotFoundException;
import dev.slipway.cli.client.ServiceClient;
import dev.slipway.cli.status.BuildRef;
import dev.slipway.cli.status.BuildSummary;
import dev.slipway.cli.status.StageEntry;
import dev.slipway.cli.status.StatusClient;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code slipway logs PLAN BUILD [--follow]}: the image build log from image-service. Following polls
 * it and prints only what is new, until status-service says the image stage has finished and the log
 * has stopped growing.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "The image build log of a build (image-service): the engine's build output, tests, push, "
                + "and Slipway's own lines for each step.")
public class LogsCommand extends SlipwayCommand {
    /** image-service writes the log as the build goes; a second is as fresh as a person reads. */
    private static final Duration POLL = Duration.ofSeconds(1);

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan")
    PlanName plan;

    @Parameters(index = "1", paramLabel = "BUILD",
            description = "a build number; or 'latest', a commit or a request id, which status-service resolves to its number")
    BuildRef build;

    @Option(names = {"-f", "--follow"}, description = "keep printing new output until the image stage has finished")
    boolean follow;

    @Override
    public Integer call() throws IOException, InterruptedException {
        StatusClient status = services().status();
        long number = number(status);
        ServiceClient image = services().image();
        String[] path = {"images", plan.value(), Long.toString(number), "log"};
        // the log is bytes as image-service stores them: written as they are, never cut inside a character
        OutputStream raw = new FileOutputStream(FileDescriptor.out);
        out().flush();
        if (!follow) {
            raw.write(image.getBytes("read build logs", path));
            raw.flush();
            return ExitCode.OK;
        }
        int printed = 0;
        NotFoundException missing = null;
        Optional<BuildSummary> finished = Optional.empty();
        while (true) {
            boolean grew = false;
            try {
                byte[] log = image.getBytes("read build logs", path);
                missing = null;
                if (log.length > printed) {
                    raw.write(Arrays.copyOfRange(log, printed, log.length));
                    raw.flush();
                    printed = log.length;
                    grew = true;
                }
            } catch (NotFoundException e) {
                missing = e; // not started yet
            }
            if (finished.isPresent() && !grew) {
                break;
            }
            if (finished.isEmpty()) {
                // asked after reading, so one more read follows and catches the log's last lines
                finished = imageFinished(status, number);
            }
            if (finished.isEmpty() || grew) {
                Thread.sleep(POLL.toMillis());
            }
        }
        if (printed == 0 && missing != null && finished.get().stages().stream().noneMatch(stage -> "image".equals(stage.stage()))) {
            throw new CliException(ExitCode.FAILED, plan + " #" + number + " ended before its image was built: "
                    + (finished.get().reason() == null ? finished.get().state() : "failed at " + finished.get().failedStage() + ": " + finished.get().reason()));
        }
        if (printed == 0 && missing != null) {
            throw missing;
        }
        Optional<StageEntry> imageStage = finished.get().stages().stream().filter(stage -> "image".equals(stage.stage())).findFirst();
        if (imageStage.isPresent() && StageEntry.FAILED.equals(imageStage.get().state())) {
            err().println("failed at image: " + imageStage.get().reason());
            return ExitCode.FAILED;
        }
        return ExitCode.OK;
    }

    /** The build, once its image stage has finished or the build ended without one. */
    private Optional<BuildSummary> imageFinished(StatusClient status, long number) {
        BuildSummary summary = status.build(plan, Long.toString(number)).value().summary();
        boolean imageDone = summary.stages().stream().filter(stage -> "image".equals(stage.stage())).anyMatch(StageEntry::finished);
        boolean ended = summary.is(BuildSummary.FAILED) || summary.is(BuildSummary.SUPERSEDED);
        return imageDone || ended ? Optional.of(summary) : Optional.empty();
    }

    /** image-service knows builds by number: any other ref is resolved by status-service first. */
    private long number(StatusClient status) {
        if (build.number().isPresent() && build.commitPrefix().isEmpty()) {
            return build.number().get();
        }
        BuildSummary summary = status.build(plan, build.value()).value().summary();
        if (summary.number() == null) {
            throw new CliException(ExitCode.NOT_FOUND, "build " + build + " of " + plan + " has no number: it ended before artifact-service "
                    + "numbered it, so it has no image log (see slipway show " + plan + " " + build + ")");
        }
        return summary.number();
    }
}
