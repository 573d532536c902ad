package dev.slipway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the services running in the test's JVM log while this is open, message and stack trace:
 * for asserting that a secret never appears in a log line. A test should also assert that a line
 * it expects is there, so that an empty capture cannot pass for a clean one.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    /** Everything every logger logs. */
    public static LogCapture start() {
        return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    /** Each line as it reads in the log: the message, then the stack trace of its exception, if any. */
    public List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(LogCapture::text).toList();
        }
    }

    /** All lines, one per line. */
    public String text() {
        return String.join("\n", lines());
    }

    private static String text(ILoggingEvent event) {
        return event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
