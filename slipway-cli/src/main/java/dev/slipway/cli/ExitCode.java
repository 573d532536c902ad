package dev.slipway.cli;

/**
 * The exit codes of every command, one per kind of outcome a script may want to act on. They are
 * listed in {@code slipway --help} and the module README; keep the three in step.
 */
public final class ExitCode {
    /** Done; for {@code watch}, the build is served. */
    public static final int OK = 0;
    /** The build failed or was superseded, a wait timed out, or a service answered another error. */
    public static final int FAILED = 1;
    /** The command line is wrong (picocli's own code), or a rollback or promotion was refused. */
    public static final int USAGE = 2;
    /** A service could not be reached. */
    public static final int UNREACHABLE = 3;
    /** No token, a token the service refused (401), or one whose role is too low (403). */
    public static final int ACCESS = 4;
    /** The plan, build or log is not known (404). */
    public static final int NOT_FOUND = 5;

    private ExitCode() {
    }
}
