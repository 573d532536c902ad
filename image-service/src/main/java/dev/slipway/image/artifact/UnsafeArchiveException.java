package dev.slipway.image.artifact;

import dev.slipway.image.BuildStepException;

/**
 * An archive entry would escape the build directory ({@code ..}, an absolute path, a link that
 * points outside), is of a kind a source tree has no use for (a device), or the archive exceeds
 * the entry or size limits.
 */
public final class UnsafeArchiveException extends BuildStepException {
    UnsafeArchiveException(String message) {
        super(message, false);
    }
}
