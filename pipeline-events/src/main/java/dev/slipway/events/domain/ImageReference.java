package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker image reference, {@code [registry/]repository[:tag][@sha256:digest]}, following the
 * distribution reference grammar. An image that is deployed is pinned by its digest, so what runs
 * is exactly what was built and tested, whatever later happens to its tags.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+\\](?::[0-9]{1,5})?");

    public ImageReference {
        Require.text(repository, "image.repository");
        if (registry != null && !REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("image registry " + Quoted.of(registry) + " is not a host[:port]");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("image repository " + Quoted.of(repository)
                        + " is invalid: each path component must be lowercase letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
        if (repository.length() > 255) {
            throw new IllegalArgumentException("image repository is longer than 255 characters");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("image tag " + Quoted.of(tag)
                    + " is invalid: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
    }

    @JsonCreator
    public static ImageReference parse(String text) {
        Require.text(text, "image");
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    public static ImageReference of(String registry, String repository, String tag) {
        return new ImageReference(registry, repository, tag, null);
    }

    public boolean pinned() {
        return digest != null;
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, Require.present(newDigest, "digest"));
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, digest);
    }

    /** {@code registry/repository}, without tag or digest: what a registry calls the repository. */
    public String name() {
        return registry == null ? repository : registry + "/" + repository;
    }

    public Optional<String> tagName() {
        return Optional.ofNullable(tag);
    }

    /** The reference by digest only ({@code name@sha256:...}): what a cluster should pull. */
    public String byDigest() {
        if (digest == null) {
            throw new IllegalStateException("image " + this + " is not pinned by a digest");
        }
        return name() + "@" + digest.value();
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name());
        if (tag != null) {
            text.append(':').append(tag);
        }
        if (digest != null) {
            text.append('@').append(digest.value());
        }
        return text.toString();
    }
}
