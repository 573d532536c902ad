package dev.slipway.infrastructure.docker;

import com.github.dockerjava.api.exception.DockerException;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call to a Docker engine that failed, sorted by what the caller can do about it: wait and try
 * again ({@link Kind#UNAVAILABLE}), or not ({@link Kind#REJECTED}, {@link Kind#NOT_FOUND}).
 */
public final class DockerEngineException extends RuntimeException {
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MAX_MESSAGE = 500;

    public enum Kind {
        /** The engine could not be reached, failed on its side (5xx), or the call was interrupted: the same call may work later. */
        UNAVAILABLE,
        /** The engine refused the request (4xx other than 404): a bad Dockerfile, a name in use. Retrying does not help. */
        REJECTED,
        /** What the call names does not exist on the engine (404): an image, a container, a service. */
        NOT_FOUND
    }

    private final Kind kind;
    private final int status;
    private final String engineMessage;

    private DockerEngineException(String what, Kind kind, int status, String engineMessage, Throwable cause) {
        super(what + ": " + engineMessage, cause);
        this.kind = kind;
        this.status = status;
        this.engineMessage = engineMessage;
    }

    /** Sorts a failure of the call described by {@code what}. */
    public static DockerEngineException of(String what, Throwable failure) {
        if (failure instanceof DockerEngineException engine) {
            return engine;
        }
        if (failure instanceof DockerException docker) {
            int status = docker.getHttpStatus();
            Kind kind = status == 404 ? Kind.NOT_FOUND : status >= 400 && status < 500 ? Kind.REJECTED : Kind.UNAVAILABLE;
            return new DockerEngineException(what, kind, status, "the engine answered " + status + ": " + engineWords(docker), failure);
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new DockerEngineException(what, Kind.UNAVAILABLE, 0, "interrupted", failure);
        }
        if (causedByIo(failure)) {
            return new DockerEngineException(what, Kind.UNAVAILABLE, 0, "cannot reach the engine: " + rootMessage(failure), failure);
        }
        // Anything else (an answer docker-java could not read, a client fault) says nothing about
        // the request: treat it as passing, so that the caller's retries decide.
        return new DockerEngineException(what, Kind.UNAVAILABLE, 0, rootMessage(failure), failure);
    }

    public Kind kind() {
        return kind;
    }

    /** True when the same call may succeed later: worth retrying with backoff. */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE;
    }

    /** The HTTP status the engine answered with; 0 when it gave none. */
    public int status() {
        return status;
    }

    /**
     * What went wrong, in the engine's own words where it gave any ({@code Status 400:
     * {"message":"..."}} becomes the message alone), without the description of the call.
     */
    public String engineMessage() {
        return engineMessage;
    }

    /** The engine's own words: the {@code message} of its JSON body where there is one, else the first line. */
    public static String engineWords(Throwable failure) {
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Matcher matcher = JSON_MESSAGE.matcher(text);
        if (matcher.find()) {
            return shorten(matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return firstLine(text);
    }

    private static boolean causedByIo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? firstLine(root.getMessage()) : root.getClass().getSimpleName();
    }

    private static String firstLine(String message) {
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return shorten(newline >= 0 ? trimmed.substring(0, newline) : trimmed);
    }

    private static String shorten(String text) {
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE - 3) + "..." : text;
    }
}
