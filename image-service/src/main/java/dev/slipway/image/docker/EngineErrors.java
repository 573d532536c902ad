package dev.slipway.image.docker;

import com.github.dockerjava.api.exception.DockerException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads docker-java's exceptions: what the engine said, and whether it was the engine's fault. */
public final class EngineErrors {
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private EngineErrors() {
    }

    /** A 4xx answer: the request itself was wrong (bad Dockerfile, unknown image, ...). */
    public static boolean rejectedRequest(RuntimeException e) {
        return e instanceof DockerException docker && docker.getHttpStatus() >= 400 && docker.getHttpStatus() < 500;
    }

    /** The engine's own message ({@code Status 400: {"message":"..."}} becomes just the message). */
    public static String message(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher matcher = MESSAGE.matcher(text);
        if (matcher.find()) {
            return matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? text.strip() : text.strip() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
