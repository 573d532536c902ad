package dev.slipway.cli;

/**
 * A command that cannot go on: {@link SlipwayCli} prints the message as one line on stderr and
 * exits with the code. The message is written for the person at the terminal; it never holds a token.
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
