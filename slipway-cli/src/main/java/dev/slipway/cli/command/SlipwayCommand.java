package dev.slipway.cli.command;

import dev.slipway.cli.Services;
import dev.slipway.cli.SlipwayCli;
import dev.slipway.cli.render.Times;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every subcommand has: the services of the global options, and its output. */
abstract class SlipwayCommand implements Callable<Integer> {

    @ParentCommand
    SlipwayCli slipway;

    @Spec
    CommandSpec spec;

    Services services() {
        return slipway.services();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Times times() {
        return Times.system();
    }
}
