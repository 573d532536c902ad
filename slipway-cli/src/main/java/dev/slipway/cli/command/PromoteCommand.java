package dev.slipway.cli.command;

import picocli.CommandLine.Command;

import java.util.Optional;

/** {@code slipway promote PLAN BUILD --env ENV}: forward only. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Deploy a build that is not older than the one the environment runs (exit 2 otherwise: use rollback).")
public class PromoteCommand extends DeploymentCommand {

    @Override
    String action() {
        return "promote";
    }

    @Override
    boolean needsCurrent() {
        return true;
    }

    @Override
    void check(Optional<Long> current) {
        if (current.isPresent() && build.value() < current.get()) {
            throw refused("build " + build + " is older than build " + current.get() + ", which " + environment + " of " + plan
                    + " has: a promotion goes forward (use slipway rollback " + plan + " " + build + " --env " + environment + ")");
        }
    }
}
