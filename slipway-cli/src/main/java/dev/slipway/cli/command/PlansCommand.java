package dev.slipway.cli.command;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.render.PlansTable;
import dev.slipway.cli.status.PlanOverview;
import dev.slipway.cli.status.StatusClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway plans}. */
@Command(name = "plans", mixinStandardHelpOptions = true,
        description = "Every plan: its latest build, and which build runs in each environment.")
public class PlansCommand extends SlipwayCommand {

    @Option(names = "--json", description = "print status-service's JSON answer, indented")
    boolean json;

    @Override
    public Integer call() {
        StatusClient.Answer<PlanOverview.Plans> plans = services().status().plans();
        out().print(json ? Json.pretty(plans.json()) + "\n" : PlansTable.render(plans.value().plans(), times()));
        return ExitCode.OK;
    }
}
