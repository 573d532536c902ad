package dev.slipway.deploy.targets;

import java.net.URI;

/** Where a rollout stands, as its target sees it. */
public sealed interface Progress {

    /** The cluster cannot place the app yet; {@code reason} is what it says (e.g. insufficient cpus). */
    record Waiting(String reason) implements Progress {
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
