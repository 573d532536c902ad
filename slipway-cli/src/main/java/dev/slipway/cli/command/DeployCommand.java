package dev.slipway.cli.command;

import picocli.CommandLine.Command;

import java.util.Optional;

/** {@code slipway deploy PLAN BUILD --env ENV}: any build, older or newer; deploy-service calls it a rollback or a promotion. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a build to an environment, whichever build runs there now.")
public class DeployCommand extends DeploymentCommand {

    @Override
    String action() {
        return "deploy";
    }

    @Override
    boolean needsCurrent() {
        return false;
    }

    @Override
    void check(Optional<Long> current) {
        // deploy goes either way
    }
}
