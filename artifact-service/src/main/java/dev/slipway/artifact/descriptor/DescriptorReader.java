package dev.slipway.artifact.descriptor;

import dev.slipway.events.descriptor.BuildDescriptor;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import jakarta.inject.Singleton;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a commit's build descriptor from the root of its tree and normalises it into the
 * contract's {@link BuildDescriptor}:
 * <ul>
 *   <li>neither {@code dependency.json} nor {@code spec.json}: {@link BuildDescriptor#defaults} (the plan's
 *       name, the short commit as version);</li>
 *   <li>{@code dependency.json}: environment, resources and the other reserved keys; name and version from
 *       its optional {@code service} section, else the defaults;</li>
 *   <li>{@code spec.json}: name and version; everything else default;</li>
 *   <li>both: {@code spec.json} decides name and version (that is all it is for), {@code dependency.json}
 *       everything else.</li>
 * </ul>
 */
@Singleton
public final class DescriptorReader {
    /** The {@code source} of a descriptor read from both files. */
    public static final String BOTH = DependencyFile.FILE + "+" + SpecFile.FILE;

    private final DescriptorConfiguration limits;

    public DescriptorReader(DescriptorConfiguration limits) {
        this.limits = limits;
    }

    /** @throws InvalidDescriptorException naming the file, the field and what is wrong */
    public BuildDescriptor read(Repository repository, RevCommit commit, PlanName plan, CommitSha sha) {
        Optional<DependencyFile> dependency = load(repository, commit, DependencyFile.FILE)
                .map(bytes -> DependencyFile.parse(DescriptorJson.parseObject(DependencyFile.FILE, bytes), limits.maxVariables()));
        Optional<ServiceSection> spec = load(repository, commit, SpecFile.FILE)
                .map(bytes -> SpecFile.parse(DescriptorJson.parseObject(SpecFile.FILE, bytes)));
        BuildDescriptor defaults = BuildDescriptor.defaults(plan, sha);
        if (dependency.isEmpty() && spec.isEmpty()) {
            return defaults;
        }
        ServiceSection fromDependency = dependency.map(DependencyFile::service).orElse(ServiceSection.NONE);
        ServiceSection fromSpec = spec.orElse(ServiceSection.NONE);
        // spec.json decides what it says; dependency.json what spec.json leaves open; the defaults the rest.
        String name = defaults.name();
        if (fromSpec.name() != null || fromDependency.name() != null) {
            String file = fromSpec.name() != null ? SpecFile.FILE : DependencyFile.FILE;
            name = checked(fromSpec.name() != null ? fromSpec.name() : fromDependency.name(), defaults.version(), file).name();
        }
        String version = defaults.version();
        if (fromSpec.version() != null || fromDependency.version() != null) {
            String file = fromSpec.version() != null ? SpecFile.FILE : DependencyFile.FILE;
            version = checked(defaults.name(), fromSpec.version() != null ? fromSpec.version() : fromDependency.version(), file).version();
        }
        String source = dependency.isPresent() && spec.isPresent() ? BOTH
                : dependency.isPresent() ? DependencyFile.FILE : SpecFile.FILE;
        if (dependency.isEmpty()) {
            return new BuildDescriptor(name, version, Map.of(), null, 0, null, null, null, List.of(), null, null, source);
        }
        DependencyFile d = dependency.get();
        try {
            return new BuildDescriptor(name, version, d.environment(), d.resources(), d.port(), d.healthCheckPath(),
                    d.runtime(), d.dockerfile(), d.buildArgs(), d.testCommand(), d.acceptance(), source);
        } catch (IllegalArgumentException e) {
            // Name and version were checked above, so whatever the contract refuses now came from dependency.json.
            throw new InvalidDescriptorException(DependencyFile.FILE, e.getMessage());
        }
    }

    /** Runs the contract's own rules for a name or version, so that the error can name the file it came from. */
    private static BuildDescriptor checked(String name, String version, String file) {
        try {
            return new BuildDescriptor(name, version, Map.of(), null, 0, null, null, null, List.of(), null, null, file);
        } catch (IllegalArgumentException e) {
            throw new InvalidDescriptorException(file, e.getMessage());
        }
    }

    private Optional<byte[]> load(Repository repository, RevCommit commit, String file) {
        try (TreeWalk walk = TreeWalk.forPath(repository, file, commit.getTree())) {
            if (walk == null) {
                return Optional.empty();
            }
            FileMode mode = walk.getFileMode(0);
            if (mode == FileMode.TREE) {
                throw new InvalidDescriptorException(file, "is a directory; it must be a file");
            }
            if (mode == FileMode.SYMLINK) {
                throw new InvalidDescriptorException(file, "is a symbolic link; it must be a regular file");
            }
            if (mode == FileMode.GITLINK) {
                throw new InvalidDescriptorException(file, "is a submodule; it must be a regular file");
            }
            ObjectLoader loader = repository.open(walk.getObjectId(0), Constants.OBJ_BLOB);
            if (loader.getSize() > limits.maxBytes()) {
                throw new InvalidDescriptorException(file, "is " + loader.getSize() + " bytes; at most " + limits.maxBytes()
                        + " are read (slipway.artifact.descriptor.max-bytes)");
            }
            return Optional.of(loader.getCachedBytes(limits.maxBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " of commit " + commit.name(), e);
        }
    }
}
