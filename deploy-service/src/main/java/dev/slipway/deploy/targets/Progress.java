package dev.slipway.deploy.targets;

import java.net.URI;

/** Where a rollout stands, as its target sees it. */
public sealed interface Progress {

    /**
     * The cluster cannot place the app yet; {@code reason} is what it says (e.g. insufficient cpus).
     *
     * @param cause the reason without the figures that change from one poll to the next (Marathon's counts of
     *              declined offers): a new cause is news for the people following the deployment, new figures are not
     */
    record Waiting(String reason, String cause) implements Progress {

        /** A reason that reads the same for as long as the cluster's situation stays the same. */
        public Waiting(String reason) {
            this(reason, reason);
        }
    }

    /** The cluster has placed the app and is starting it. */
    record Starting(String detail) implements Progress {
    }

    /** The app runs and answers at {@code url}; whether it is healthy is checked by the caller. */
    record Placed(URI url) implements Progress {
    }

    /** The cluster gave up on the app (its container exited, the image could not be pulled, ...). */
    record Failed(String reason) implements Progress {
    }
}
