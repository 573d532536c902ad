package dev.slipway.artifact.git;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.RepositoryUrl;
import dev.slipway.infrastructure.git.BranchFetch;
import jakarta.inject.Singleton;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One bare mirror per repository, kept between builds, so that a build fetches only the objects
 * that are new since the last one (and nothing at all when the commit is already there).
 *
 * <p>Fetches are checked with Git's object checks ({@code fsck}), because a hostile repository
 * can hold trees with paths such as {@code ../x} or {@code .git/config}. The mirror does not follow
 * HTTP redirects: the allow-list is checked against the URL the event names, and a redirect
 * could lead anywhere.
 */
@Singleton
public final class MirrorCache {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorCache.class);
    private static final Set<String> SCHEMES = Set.of("https", "http", "git", "file");

    private final Path root;
    private final Duration timeout;
    private final GitCredentials credentials;
    private final ConcurrentHashMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    public MirrorCache(GitConfiguration configuration, GitCredentials credentials) {
        this.root = configuration.mirrorRoot().toAbsolutePath().normalize();
        this.timeout = configuration.timeout();
        this.credentials = credentials;
    }

    /**
     * Makes sure the mirror holds {@code commit} and that {@code branch} leads to it: fetches the
     * branch when the mirror's copy of it does not (yet) lead there. Callers must have checked the
     * repository against the allow-list.
     *
     * <p>Only commits of the branch are built. An event may name any commit the host would send
     * (on GitHub, a fork's pull request head is fetchable from the upstream repository by id), or
     * one this mirror holds for another branch; neither is the plan's code, so the commit is never
     * fetched by its id, and a commit the branch does not lead to is refused.
     *
     * @throws CommitNotOnBranchException when the branch (as the host has it now) does not lead to the commit
     */
    public FetchedCommit fetch(RepositoryUrl url, BranchName branch, CommitSha commit) {
        return fetch(url, SourceRef.branch(branch), commit);
    }

    /**
     * As {@link #fetch(RepositoryUrl, BranchName, CommitSha)} for any ref of the plan's repository:
     * a pull request from a fork is previewed from the ref where the host keeps its head
     * ({@code refs/pull/7/head}), fetched from the plan's own repository like a branch, and the
     * commit must be that ref's head or among its ancestors, as a branch's must be. The ref is kept
     * in the mirror apart from the branches ({@link SourceRef#local()}), so a fork's commits never
     * make a branch of the mirror lead anywhere.
     *
     * @throws CommitNotOnBranchException when the ref (as the host has it now) does not lead to the commit
     */
    public FetchedCommit fetch(RepositoryUrl url, SourceRef ref, CommitSha commit) {
        if (!SCHEMES.contains(url.scheme())) {
            throw new UnsupportedRepositoryException("repository " + url + " uses " + url.scheme()
                    + ", which this service does not fetch; use https (with a token), git:// or file://");
        }
        if (!ObjectId.isId(commit.value())) {
            throw new UnsupportedRepositoryException("commit " + commit + " is a SHA-256 object id; only SHA-1 repositories are supported");
        }
        ObjectId id = ObjectId.fromString(commit.value());
        Path directory = mirrorDirectory(url);
        ReentrantLock lock = locks.computeIfAbsent(directory, d -> new ReentrantLock());
        lock.lock();
        try {
            Repository repository = open(directory);
            try {
                Optional<RevCommit> found = find(repository, id);
                if (found.isPresent() && leadsTo(repository, ref, id)) {
                    return new FetchedCommit(repository, found.get(), false);
                }
                long start = System.nanoTime();
                if (!fetchRef(repository, url, ref)) {
                    throw new CommitNotOnBranchException("commit " + commit + " is not on " + ref + " of " + url
                            + ": the repository has no " + ref);
                }
                found = find(repository, id);
                if (found.isEmpty() || !leadsTo(repository, ref, id)) {
                    throw new CommitNotOnBranchException("commit " + commit + " is not on " + ref + " of " + url
                            + " (its head is " + head(repository, ref) + "): only commits the "
                            + (ref.branch() != null ? "plan's branch" : "pull request's head") + " leads to are built");
                }
                LOG.info("Fetched {} of {} into {} in {} ms", commit.shortSha(), url, directory.getFileName(),
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
                return new FetchedCommit(repository, found.get(), true);
            } catch (RuntimeException e) {
                repository.close();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return false when the host has no such ref */
    private boolean fetchRef(Repository repository, RepositoryUrl url, SourceRef ref) {
        URIish uri;
        try {
            uri = new URIish(url.value());
        } catch (URISyntaxException e) {
            throw new UnsupportedRepositoryException("repository URL " + url + " cannot be used by Git: " + e.getMessage());
        }
        try {
            BranchFetch.fetch(repository, uri, ref.remote(), ref.local(), timeout, credentials.forRepository(url).orElse(null));
            return true;
        } catch (IOException e) {
            if (FetchFailures.refMissing(e)) {
                return false;
            }
            throw FetchFailures.classify(e, url, credentials.configuredFor(url), "could not fetch " + ref + " of " + url);
        }
    }

    /** Whether the mirror's copy of the ref leads to the commit (is it, or has it among its ancestors). */
    private static boolean leadsTo(Repository repository, SourceRef ref, ObjectId commit) {
        try {
            return BranchFetch.leadsTo(repository, ref.local(), commit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mirror " + repository.getDirectory(), e);
        }
    }

    private static String head(Repository repository, SourceRef ref) {
        try {
            Ref head = repository.exactRef(ref.local());
            return head == null || head.getObjectId() == null ? "unknown" : head.getObjectId().name();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Optional<RevCommit> find(Repository repository, ObjectId id) {
        try (RevWalk walk = new RevWalk(repository)) {
            return Optional.of(walk.parseCommit(id));
        } catch (MissingObjectException e) {
            return Optional.empty();
        } catch (IncorrectObjectTypeException e) {
            throw new CommitNotFoundException("object " + id.name() + " is not a commit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mirror " + repository.getDirectory(), e);
        }
    }

    private static Repository open(Path directory) {
        try {
            Files.createDirectories(directory);
            Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
            if (!repository.getObjectDatabase().exists()) {
                repository.create(true);
                StoredConfig config = repository.getConfig();
                // The mirror keeps every built commit; JGit must not prune objects behind our back.
                config.setInt("gc", null, "auto", 0);
                config.setBoolean("core", null, "logAllRefUpdates", false);
                config.save();
            }
            refuseRedirects(repository);
            return repository;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open mirror " + directory, e);
        }
    }

    /**
     * JGit follows a redirect with the authorization it already has for the first host, so a host
     * (or anyone who can answer for it) could send the configured token to any address. Checked at
     * every open, so that a mirror made by an older version, or edited, gets it too.
     */
    private static void refuseRedirects(Repository repository) throws IOException {
        StoredConfig config = repository.getConfig();
        if (!"false".equals(config.getString("http", null, "followRedirects"))) {
            config.setString("http", null, "followRedirects", "false");
            config.save();
        }
    }

    /** A readable name (host and repository) with a hash of the whole URL, so that two URLs never share a mirror. */
    Path mirrorDirectory(RepositoryUrl url) {
        String host = url.host().isEmpty() ? "local" : url.host();
        String path = url.uri().getPath() == null ? "" : url.uri().getPath();
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\.git$", "");
        String readable = (host + "-" + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        if (readable.length() > 60) {
            readable = readable.substring(0, 60);
        }
        return root.resolve(readable + "-" + sha256(url.value()).substring(0, 16) + Constants.DOT_GIT_EXT);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
