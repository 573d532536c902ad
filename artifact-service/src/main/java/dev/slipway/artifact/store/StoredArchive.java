package dev.slipway.artifact.store;

import dev.slipway.events.domain.Digest;

/** An archive in the store, known by its content. */
public record StoredArchive(Digest sha256, long sizeBytes) {
}
