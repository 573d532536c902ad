package dev.slipway.cli.command;

import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.render.LagTable;
import dev.slipway.cli.status.Monitoring;
import dev.slipway.cli.status.StatusClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway lag}. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = "The pipeline's monitoring table: per stage, its consumer group's lag, the age of the oldest "
                + "event it has not processed, events in and out per minute, dead letters, and p50/p95 durations.")
public class LagCommand extends SlipwayCommand {

    @Option(names = "--json", description = "print status-service's JSON answer, indented (per topic too)")
    boolean json;

    @Override
    public Integer call() {
        StatusClient.Answer<Monitoring> monitoring = services().status().monitoring();
        out().print(json ? Json.pretty(monitoring.json()) + "\n" : LagTable.render(monitoring.value(), times()));
        return ExitCode.OK;
    }
}
