package dev.slipway.e2e;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A Git repository holding the example site ({@code examples/hello-site}), served by the
 * {@link dev.slipway.testing.GitDaemon}: commits are made in a work tree and pushed to the bare repository, as a
 * developer would.
 */
final class ExampleRepository implements AutoCloseable {
    private static final PersonIdent AUTHOR = new PersonIdent("Zoë Example", "zoe@example.org");
    private final Git work;
    private final Path workTree;
    private final String serviceName;

    private ExampleRepository(Git work, Path workTree, String serviceName) {
        this.work = work;
        this.workTree = workTree;
        this.serviceName = serviceName;
    }

    /**
     * @param serviceName replaces the example's own service name in its descriptor, so that the
     *                    test's images do not overwrite the tags of a user's example builds
     */
    static ExampleRepository create(Path served, String name, Path workTree, String serviceName) throws Exception {
        Path bare = served.resolve(name);
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Git work = Git.init().setDirectory(workTree.toFile()).setInitialBranch("main").call();
        work.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
        return new ExampleRepository(work, workTree, serviceName);
    }

    /** Commits the example site with {@code marker} in its page and pushes it; returns the commit id. */
    String commitSite(String marker) throws Exception {
        Path example = Path.of(System.getProperty("slipway.root", "..")).resolve("examples/hello-site");
        copyTree(example, workTree);
        String page = Files.readString(workTree.resolve("index.html"));
        Files.writeString(workTree.resolve("index.html"), page.replace("</body>", "<p id=\"build\">" + marker + "</p>\n</body>"));
        Path descriptor = workTree.resolve("dependency.json");
        Files.writeString(descriptor, Files.readString(descriptor).replace("\"hello-site\"", "\"" + serviceName + "\""));
        work.add().addFilepattern(".").call();
        RevCommit commit = work.commit().setAuthor(AUTHOR).setCommitter(AUTHOR).setMessage("Show " + marker).call();
        work.push().setRemote("origin").add("main").call();
        return commit.getName();
    }

    /**
     * Commits the example site with {@code marker} in its page on {@code branch} (made from main if it is new) and
     * pushes that branch, as a developer proposing a change does; the work tree is left on main. Returns the commit id.
     */
    String commitSiteOnBranch(String branch, String marker) throws Exception {
        boolean exists = work.getRepository().findRef("refs/heads/" + branch) != null;
        work.checkout().setName(branch).setCreateBranch(!exists).call();
        try {
            copyTree(Path.of(System.getProperty("slipway.root", "..")).resolve("examples/hello-site"), workTree);
            String page = Files.readString(workTree.resolve("index.html"));
            Files.writeString(workTree.resolve("index.html"), page.replace("</body>", "<p id=\"build\">" + marker + "</p>\n</body>"));
            Path descriptor = workTree.resolve("dependency.json");
            Files.writeString(descriptor, Files.readString(descriptor).replace("\"hello-site\"", "\"" + serviceName + "\""));
            work.add().addFilepattern(".").call();
            RevCommit commit = work.commit().setAuthor(AUTHOR).setCommitter(AUTHOR).setMessage("Propose " + marker).call();
            work.push().setRemote("origin").add(branch).call();
            return commit.getName();
        } finally {
            work.checkout().setName("main").call();
        }
    }

    /**
     * Commits the example site with its descriptor changed by {@code edit} (a mistake a person makes,
     * say) and pushes it; returns the commit id.
     */
    String commitSiteWithDescriptor(String marker, java.util.function.UnaryOperator<String> edit) throws Exception {
        commitSite(marker);
        Path descriptor = workTree.resolve("dependency.json");
        Files.writeString(descriptor, edit.apply(Files.readString(descriptor)));
        work.add().addFilepattern(".").call();
        RevCommit commit = work.commit().setAuthor(AUTHOR).setCommitter(AUTHOR).setMessage("Change the descriptor: " + marker).call();
        work.push().setRemote("origin").add("main").call();
        return commit.getName();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        work.close();
    }
}
