package dev.slipway.cli;

import dev.slipway.cli.client.Credentials;
import dev.slipway.cli.command.BuildsCommand;
import dev.slipway.cli.command.DeployCommand;
import dev.slipway.cli.command.LagCommand;
import dev.slipway.cli.command.LogsCommand;
import dev.slipway.cli.command.PlansCommand;
import dev.slipway.cli.command.PromoteCommand;
import dev.slipway.cli.command.RollbackCommand;
import dev.slipway.cli.command.ShowCommand;
import dev.slipway.cli.command.TriggerCommand;
import dev.slipway.cli.command.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code slipway}: the client commands of Slipway, over the services' HTTP APIs. {@link #main} exits
 * with the code of the outcome ({@link ExitCode}); every error is one line on stderr.
 */
@Command(name = "slipway", mixinStandardHelpOptions = true, versionProvider = SlipwayCli.Version.class,
        description = "Follow and steer Slipway builds: plans, builds, a build's story and live progress, "
                + "its image log, manual builds, deployments, and the pipeline's lag.",
        subcommands = {PlansCommand.class, BuildsCommand.class, ShowCommand.class, WatchCommand.class, LogsCommand.class,
                TriggerCommand.class, DeployCommand.class, PromoteCommand.class, RollbackCommand.class, LagCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done; for watch, the build is served",
                "1:the build failed or was superseded, a wait timed out, or a service answered an error",
                "2:usage error, or a rollback or promotion refused",
                "3:a service could not be reached",
                "4:no token, a token refused (401), or a role too low (403)",
                "5:the plan, build or log is not known (404)"},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  SLIPWAY_STATUS_URL, SLIPWAY_WEBHOOK_URL, SLIPWAY_DEPLOY_URL, SLIPWAY_IMAGE_URL",
                "                      defaults of the --*-url options",
                "  SLIPWAY_TOKEN       the API token; else the file SLIPWAY_TOKEN_FILE names;",
                "                      else $${SLIPWAY_DATA:-/var/lib/slipway}/admin-token,",
                "                      the admin token bin/slipway writes"})
public class SlipwayCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--status-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SLIPWAY_STATUS_URL:-http://127.0.0.1:8085}",
            description = "status-service (plans, builds, watch, lag; default: ${DEFAULT-VALUE})")
    URI statusUrl;

    @Option(names = "--webhook-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SLIPWAY_WEBHOOK_URL:-http://127.0.0.1:8081}",
            description = "webhook-service (trigger; default: ${DEFAULT-VALUE})")
    URI webhookUrl;

    @Option(names = "--deploy-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SLIPWAY_DEPLOY_URL:-http://127.0.0.1:8084}",
            description = "deploy-service (deploy, promote, rollback; default: ${DEFAULT-VALUE})")
    URI deployUrl;

    @Option(names = "--image-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:SLIPWAY_IMAGE_URL:-http://127.0.0.1:8083}",
            description = "image-service (logs; default: ${DEFAULT-VALUE})")
    URI imageUrl;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and answers its exit code. */
    public static int execute(String... args) {
        // UTF-8 whatever the locale: messages and the progress view hold characters beyond ASCII
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new SlipwayCli()).setOut(out).setErr(err)
                    .setExecutionExceptionHandler(SlipwayCli::failed)
                    .setParameterExceptionHandler(SlipwayCli::misused);
            Converters.registerAll(cli);
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code slipway} alone: the help, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    public Services services() {
        return new Services(statusUrl, webhookUrl, deployUrl, imageUrl, Credentials.fromEnvironment(System.getenv()));
    }

    private static int failed(Exception exception, CommandLine command, CommandLine.ParseResult parsed) {
        command.getOut().flush();
        PrintWriter err = command.getErr();
        if (exception instanceof CliException cli) {
            err.println(cli.getMessage());
            return cli.exitCode();
        }
        err.println("slipway " + command.getCommandName() + " failed unexpectedly: " + exception);
        return ExitCode.FAILED;
    }

    private static int misused(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        command.getErr().println(exception.getMessage() + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        return ExitCode.USAGE;
    }

    /** The version Maven built, from the resource it filtered. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = SlipwayCli.class.getResourceAsStream("/slipway-cli-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[]{"slipway " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
