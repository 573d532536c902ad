package dev.slipway.cli.command;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.render.BuildReport;
import dev.slipway.cli.status.Build;
import dev.slipway.cli.status.BuildRef;
import dev.slipway.cli.status.StatusClient;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway show PLAN BUILD}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "One build's story: where it ended (a failure's reason first), its stages with times, "
                + "its environments and URLs, its artifact and image, and its timeline.")
public class ShowCommand extends SlipwayCommand {

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan")
    PlanName plan;

    @Parameters(index = "1", paramLabel = "BUILD",
            description = "a build number, 'latest', a commit (7 or more hex digits) or a request id (how a build that never got a number is named)")
    BuildRef build;

    @Option(names = "--json", description = "print status-service's JSON answer, indented")
    boolean json;

    @Override
    public Integer call() {
        StatusClient.Answer<Build> answer = services().status().build(plan, build.value());
        out().print(json ? Json.pretty(answer.json()) + "\n" : BuildReport.render(answer.value(), times()));
        return ExitCode.OK;
    }
}
