package dev.slipway.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.status.PlanOverview;
import dev.slipway.events.domain.BuildNumber;
import dev.slipway.events.domain.EnvironmentName;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.Optional;

/**
 * {@code deploy}, {@code promote} and {@code rollback}: one {@code POST /deployments} to deploy-service,
 * after asking status-service which build the environment has now, so the answer can say what
 * replaces what ({@code production: build 4 -> build 2 (rollback) requested}) and a rollback that
 * would go forward (or a promotion that would go back) is refused before anything changes.
 */
abstract class DeploymentCommand extends SlipwayCommand {

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan")
    PlanName plan;

    @Parameters(index = "1", paramLabel = "BUILD", description = "the build number to run")
    BuildNumber build;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "the environment")
    EnvironmentName environment;

    /** The action, as a 403 names it: "deploy-service refused to roll back: ..." */
    abstract String action();

    /** Refuses (exit 2) a request the command is not for; {@code current} is the environment's build now. */
    abstract void check(Optional<Long> current);

    /**
     * The environment's build now. Only deploy goes ahead without knowing it (deploy-service decides
     * anyway); rollback and promote need it for their check.
     */
    Optional<Long> currentBuild(boolean required) {
        try {
            PlanOverview overview = services().status().plan(plan).value();
            return overview.environment(environment.value()).map(PlanOverview.PlanEnvironment::build);
        } catch (CliException e) {
            if (required) {
                throw e;
            }
            return Optional.empty();
        }
    }

    abstract boolean needsCurrent();

    @Override
    public Integer call() {
        Optional<Long> current = currentBuild(needsCurrent());
        check(current);
        ObjectNode body = Json.mapper().createObjectNode().put("plan", plan.value()).put("buildNumber", build.value())
                .put("environment", environment.value());
        JsonNode answer = services().deploy().postJson(action(), body, Map.of(), "deployments");
        String reason = answer.path("reason").asText("requested");
        out().println(environment + ": " + current.map(number -> "build " + number + " -> ").orElse("")
                + "build " + build + " (" + reason + ") requested");
        out().println("follow it: slipway watch " + plan + " " + build);
        return ExitCode.OK;
    }

    static CliException refused(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
