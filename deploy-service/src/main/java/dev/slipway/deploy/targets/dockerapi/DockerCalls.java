package dev.slipway.deploy.targets.dockerapi;

import com.github.dockerjava.api.exception.DockerException;
import dev.slipway.deploy.targets.TargetException;
import dev.slipway.deploy.targets.TargetUnavailableException;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Runs docker-java calls and sorts their failures: an engine that cannot be reached or answers
 * 5xx is transient; a 4xx is the engine refusing the request, which retrying will not change.
 */
public final class DockerCalls {
    private DockerCalls() {
    }

    public static <T> T call(String what, Callable<T> call) throws TargetException {
        try {
            return call.call();
        } catch (TargetException e) {
            throw e;
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** The target exception a failed call stands for. */
    public static TargetException failure(String what, Exception e) {
        if (e instanceof DockerException docker) {
            String message = what + ": the engine answered " + docker.getHttpStatus() + ": " + firstLine(docker.getMessage());
            return docker.getHttpStatus() >= 500
                    ? new TargetUnavailableException(message, e)
                    : new TargetException(message, e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new TargetUnavailableException(what + ": interrupted", e);
        }
        if (causedByIo(e)) {
            return new TargetUnavailableException(what + ": cannot reach the engine: " + rootMessage(e), e);
        }
        return new TargetException(what + ": " + rootMessage(e), e);
    }

    public static void run(String what, ThrowingRunnable call) throws TargetException {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? firstLine(root.getMessage()) : root.getClass().getSimpleName();
    }

    /** docker-java puts the engine's JSON body into the message; its first line says enough. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        String line = newline >= 0 ? trimmed.substring(0, newline) : trimmed;
        return line.length() > 500 ? line.substring(0, 497) + "..." : line;
    }
}
