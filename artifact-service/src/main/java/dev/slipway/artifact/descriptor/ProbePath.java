package dev.slipway.artifact.descriptor;

/**
 * The descriptor's probe paths (the health check that deploy-service probes, the acceptance check
 * that image-service runs) are refused here, where the repository is read, unless they are only a
 * path on the application: the contract's {@link dev.slipway.events.descriptor.ProbePath} says why
 * and what a path may hold.
 */
final class ProbePath {
    private ProbePath() {
    }

    /** @return {@code path}, when it is only a path on the application */
    static String check(String file, String field, String path) {
        dev.slipway.events.descriptor.ProbePath.problem(path).ifPresent(problem -> {
            throw new InvalidDescriptorException(file, field + " must be a path on the application itself: " + problem
                    + ", was " + Fields.jsonString(path));
        });
        return path;
    }
}
