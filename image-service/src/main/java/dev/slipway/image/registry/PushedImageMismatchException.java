package dev.slipway.image.registry;

import dev.slipway.events.domain.ImageReference;
import dev.slipway.image.BuildStepException;

/**
 * What the registry holds under the pushed digest is not the image that was tested: the tag was
 * pointed at another image between the tag and the push (another build, a person on the engine).
 * Nothing is pinned to it; pointing the tag at the tested image and pushing again may succeed.
 */
public final class PushedImageMismatchException extends BuildStepException {
    PushedImageMismatchException(ImageReference pinned, String pushedImage, String testedImage) {
        super("the push of " + pinned.name() + ":" + pinned.tag() + " produced " + pinned.digest() + ", which is the image "
                + pushedImage + ", not the tested image " + testedImage + " (the tag was moved while it was pushed)", true);
    }
}
