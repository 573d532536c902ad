package dev.slipway.image.testing;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.descriptor.AcceptanceCheck;
import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.descriptor.Resources;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.Digest;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.RepositoryUrl;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** {@code ArtifactStored} events for archives a test serves, with descriptors written like a repository's. */
public final class Artifacts {
    public static final Instant COMMIT_TIME = Instant.parse("2026-11-20T09:00:00Z");
    public static final RepositoryUrl REPOSITORY = RepositoryUrl.of("https://github.com/slipway/shop.git");

    private Artifacts() {
    }

    public static ArtifactStored stored(PlanName plan, long number, URI url, byte[] archive, BuildDescriptor descriptor) {
        return stored(plan, number, url, archive, descriptor, REPOSITORY);
    }

    public static ArtifactStored stored(PlanName plan, long number, URI url, byte[] archive, BuildDescriptor descriptor,
                                        RepositoryUrl repository) {
        return new ArtifactStored(EventId.random(), EventId.random(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                BuildId.of(plan, number), repository, BranchName.of("main"), randomCommit(), COMMIT_TIME, url,
                sha256(archive), archive.length, descriptor);
    }

    /** A build of pull request {@code pullRequest}'s head: its source branch, the request carried on. */
    public static ArtifactStored preview(PlanName plan, long number, URI url, byte[] archive, BuildDescriptor descriptor,
                                         PullRequest pullRequest) {
        ArtifactStored plain = stored(plan, number, url, archive, descriptor);
        return new ArtifactStored(plain.eventId(), plain.causationId(), plain.time(), plain.build(), plain.repository(),
                pullRequest.sourceBranch(), plain.commit(), plain.commitTime(), plain.artifactUrl(), plain.sha256(),
                plain.sizeBytes(), plain.descriptor(), pullRequest);
    }

    /** A descriptor for an image named after the plan, so tests never share a registry repository. */
    public static Descriptor descriptor(PlanName plan) {
        return new Descriptor(plan.value());
    }

    public static Digest sha256(byte[] bytes) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CommitSha randomCommit() {
        byte[] bytes = new byte[20];
        new Random(UUID.randomUUID().getMostSignificantBits()).nextBytes(bytes);
        return CommitSha.of(HexFormat.of().formatHex(bytes));
    }

    /** Reads like the fields of a {@code dependency.json}. */
    public static final class Descriptor {
        private String name;
        private String version = "1.0.0";
        private Map<String, String> environment = Map.of();
        private int port = 80;
        private String runtime;
        private String dockerfile;
        private List<String> buildArgs = List.of();
        private String testCommand;
        private AcceptanceCheck acceptance;
        private Resources resources = Resources.DEFAULT;

        private Descriptor(String name) {
            this.name = name;
        }

        /** The image name ({@code service.name}), which repositories are free to choose, and to copy. */
        public Descriptor name(String value) {
            name = value;
            return this;
        }

        public Descriptor version(String value) {
            version = value;
            return this;
        }

        public Descriptor environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Descriptor port(int value) {
            port = value;
            return this;
        }

        public Descriptor runtime(String value) {
            runtime = value;
            return this;
        }

        public Descriptor dockerfile(String value) {
            dockerfile = value;
            return this;
        }

        public Descriptor buildArgs(String... names) {
            buildArgs = List.of(names);
            return this;
        }

        public Descriptor testCommand(String value) {
            testCommand = value;
            return this;
        }

        public Descriptor acceptance(String path, int status) {
            acceptance = new AcceptanceCheck(path, status);
            return this;
        }

        public Descriptor resources(Resources value) {
            resources = value;
            return this;
        }

        public BuildDescriptor build() {
            return new BuildDescriptor(name, version, environment, resources, port, "/", runtime, dockerfile, buildArgs,
                    testCommand, acceptance, "dependency.json");
        }
    }
}
