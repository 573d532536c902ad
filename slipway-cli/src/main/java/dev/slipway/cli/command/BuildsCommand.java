package dev.slipway.cli.command;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.render.BuildsTable;
import dev.slipway.cli.status.BuildPage;
import dev.slipway.cli.status.StatusClient;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code slipway builds PLAN [--page N] [--size N]}. */
@Command(name = "builds", mixinStandardHelpOptions = true,
        description = "A plan's builds, newest first, a page at a time.")
public class BuildsCommand extends SlipwayCommand {

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan")
    PlanName plan;

    @Option(names = "--page", paramLabel = "N", description = "which page, counting from 1 (default: the first)")
    Integer page;

    @Option(names = "--size", paramLabel = "N", description = "builds per page, 1 to 100 (default: status-service's, 20)")
    Integer size;

    @Option(names = "--json", description = "print status-service's JSON answer, indented (its page counts from 0)")
    boolean json;

    @Override
    public Integer call() {
        if (page != null && page < 1) {
            throw new ParameterException(spec.commandLine(), "--page counts from 1, was " + page);
        }
        StatusClient.Answer<BuildPage> builds = services().status().builds(plan, page == null ? null : page - 1, size);
        out().print(json ? Json.pretty(builds.json()) + "\n" : BuildsTable.render(builds.value(), times()));
        return ExitCode.OK;
    }
}
