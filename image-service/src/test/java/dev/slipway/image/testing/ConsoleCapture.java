package dev.slipway.image.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the service under test logs while this is open: its log lines go to the console (logback's
 * console appender writes to whatever {@code System.out} is at the time), so a copy of the console
 * is a copy of the service's log. A test asserts on it that a secret never appears in a log line;
 * it also asserts that a line it expects is there, so an empty capture cannot pass for a clean one.
 */
public final class ConsoleCapture implements AutoCloseable {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private ConsoleCapture() {
        System.setOut(new PrintStream(new Tee(originalOut, copy), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, copy), true, StandardCharsets.UTF_8));
    }

    public static ConsoleCapture start() {
        return new ConsoleCapture();
    }

    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private static final class Tee extends OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            console.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            console.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            console.flush();
        }
    }
}
