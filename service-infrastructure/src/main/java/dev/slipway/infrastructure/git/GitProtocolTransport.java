package dev.slipway.infrastructure.git;

import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.BasePackFetchConnection;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.GitProtocolConstants;
import org.eclipse.jgit.transport.PackTransport;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TcpTransport;
import org.eclipse.jgit.transport.URIish;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Fetching over {@code git://} with a read timeout that works. JGit's own git transport enforces
 * its timeout by interrupting the reading thread, and since JDK 13 an interrupt does not unblock a
 * {@link Socket} read: a daemon that accepts the connection and then says nothing would hold the
 * consumer forever. Here the timeout is the socket's own ({@code SO_TIMEOUT}), and JGit is told
 * there is none, so that it never interrupts (and leaves interrupted) the calling thread.
 *
 * <p>The request is the one {@code git daemon} documents: {@code git-upload-pack PATH\0host=HOST\0},
 * asking for protocol v2, which older daemons ignore.
 */
public final class GitProtocolTransport extends TcpTransport implements PackTransport {
    private static final int DEFAULT_PORT = 9418;

    private final int timeoutMillis;

    public GitProtocolTransport(Repository local, URIish uri, Duration timeout) {
        super(local, uri);
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    }

    /** Zero, so that JGit arms no interrupting timer: the socket enforces {@link #timeoutMillis}. */
    @Override
    public int getTimeout() {
        return 0;
    }

    @Override
    public FetchConnection openFetch() throws TransportException {
        return new Connection(List.of());
    }

    @Override
    public FetchConnection openFetch(Collection<RefSpec> refSpecs, String... additionalPatterns) throws TransportException {
        return new Connection(refSpecs, additionalPatterns);
    }

    @Override
    public PushConnection openPush() throws NotSupportedException {
        throw new NotSupportedException("the artifact service only fetches");
    }

    @Override
    public void close() {
        // Each connection owns its socket.
    }

    private final class Connection extends BasePackFetchConnection {
        private final Socket socket;

        Connection(Collection<RefSpec> refSpecs, String... additionalPatterns) throws TransportException {
            super(GitProtocolTransport.this);
            socket = connect();
            try {
                init(new BufferedInputStream(socket.getInputStream()), new BufferedOutputStream(socket.getOutputStream()));
                int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
                pckOut.writeString("git-upload-pack " + uri.getPath() + "\0host=" + uri.getHost()
                        + (port == DEFAULT_PORT ? "" : ":" + port) + "\0\0" + GitProtocolConstants.VERSION_2_REQUEST + "\0");
                pckOut.flush();
            } catch (IOException e) {
                close();
                throw new TransportException(uri, "remote hung up unexpectedly", e);
            }
            if (!readAdvertisedRefs()) {
                lsRefs(refSpecs, additionalPatterns);
            }
        }

        private Socket connect() throws TransportException {
            Socket connection = new Socket();
            try {
                connection.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT),
                        timeoutMillis);
                connection.setSoTimeout(timeoutMillis);
                return connection;
            } catch (IOException e) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // already failing
                }
                throw new TransportException(uri, "connection failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            super.close();
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
