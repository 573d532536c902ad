package dev.slipway.artifact.descriptor;

import dev.slipway.artifact.BuildFailure;

/**
 * A descriptor file that cannot be used. The message starts with the file and names the field and
 * what is wrong, because the person who reads it has to fix that file.
 */
public class InvalidDescriptorException extends BuildFailure {
    private final String file;

    public InvalidDescriptorException(String file, String problem) {
        super(file + ": " + problem, false);
        this.file = file;
    }

    public String file() {
        return file;
    }
}
