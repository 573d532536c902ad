package dev.slipway.cli.command;

import picocli.CommandLine.Command;

import java.util.Optional;

/** {@code slipway rollback PLAN BUILD --env ENV}: back only. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Deploy a build older than the one the environment runs (exit 2 otherwise: use promote or deploy).")
public class RollbackCommand extends DeploymentCommand {

    @Override
    String action() {
        return "roll back";
    }

    @Override
    boolean needsCurrent() {
        return true;
    }

    @Override
    void check(Optional<Long> current) {
        if (current.isEmpty()) {
            throw refused("status-service knows of no build in " + environment + " of " + plan
                    + ", so there is nothing to roll back from (use slipway deploy " + plan + " " + build + " --env " + environment + ")");
        }
        if (build.value() >= current.get()) {
            throw refused("build " + build + " is not older than build " + current.get() + ", which " + environment + " of " + plan
                    + " has: a rollback goes back (use slipway promote " + plan + " " + build + " --env " + environment + ")");
        }
    }
}
