package dev.slipway.artifact.archive;

import dev.slipway.artifact.BuildFailure;

/** The commit's tree is larger than the service is configured to archive. */
public class ArchiveTooLargeException extends BuildFailure {
    public ArchiveTooLargeException(String message) {
        super(message, false);
    }
}
