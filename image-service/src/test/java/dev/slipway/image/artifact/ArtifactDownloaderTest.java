package dev.slipway.image.artifact;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.events.domain.Digest;
import dev.slipway.image.testing.ArtifactServer;
import dev.slipway.image.testing.Artifacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive URL comes from an event: only allowed prefixes are fetched, and only what the event promised is used. */
class ArtifactDownloaderTest {
    private static final byte[] ARCHIVE = "pretend this is a tar.gz".getBytes();

    @TempDir
    Path temp;
    private ArtifactServer server;

    @BeforeEach
    void start() {
        server = ArtifactServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAllowedArchiveWithTheAnnouncedSha256IsDownloaded() throws Exception {
        URI url = server.serve("/artifacts/shop/1/source.tar.gz", ARCHIVE);
        downloader(1000).download(url, Artifacts.sha256(ARCHIVE), temp.resolve("a.tar.gz"));
        assertArrayEquals(ARCHIVE, Files.readAllBytes(temp.resolve("a.tar.gz")));
    }

    @Test
    void aUrlOutsideTheAllowedPrefixesIsNeverFetched() {
        URI elsewhere = URI.create("http://127.0.0.1:1/artifacts/shop/1/source.tar.gz");
        ArtifactUrlNotAllowedException e = assertThrows(ArtifactUrlNotAllowedException.class,
                () -> downloader(1000).download(elsewhere, Artifacts.sha256(ARCHIVE), temp.resolve("a")));
        assertTrue(e.getMessage().startsWith("artifact URL 'http://127.0.0.1:1/artifacts/shop/1/source.tar.gz' is not under an allowed prefix"),
                e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void tricksThatOnlyLookLikeTheAllowedPrefixAreRefused() {
        String prefix = server.prefix();
        List<String> tricks = List.of(
                prefix.replace("http://", "http://user@"),
                prefix + "../../admin",
                prefix + "%2e%2e/admin",
                prefix.replace("http://", "file://"),
                prefix.substring(0, prefix.length() - 1) + "0/x");
        for (String trick : tricks) {
            assertThrows(ArtifactUrlNotAllowedException.class,
                    () -> downloader(1000).download(URI.create(trick), Artifacts.sha256(ARCHIVE), temp.resolve("a")), trick);
        }
        assertEquals(List.of(), server.requested(), "none of them was fetched");
    }

    @Test
    void aDifferentSha256IsRejected() {
        URI url = server.serve("/a.tar.gz", ARCHIVE);
        Digest other = Artifacts.sha256("something else".getBytes());
        ArtifactRejectedException e = assertThrows(ArtifactRejectedException.class,
                () -> downloader(1000).download(url, other, temp.resolve("a")));
        assertTrue(e.getMessage().endsWith("but the event says " + other + "; it was not used"), e.getMessage());
    }

    @Test
    void anArchiveOverTheSizeCapIsRejected() {
        URI url = server.serve("/big.tar.gz", new byte[5000]);
        ArtifactRejectedException e = assertThrows(ArtifactRejectedException.class,
                () -> downloader(1000).download(url, Artifacts.sha256(new byte[5000]), temp.resolve("a")));
        assertTrue(e.getMessage().endsWith("is larger than 1000 bytes (slipway.image.artifacts.max-download-bytes)"), e.getMessage());
    }

    @Test
    void aMissingArchiveIsPermanentButAServerErrorOrAnUnreachableServiceIsTransient() throws Exception {
        ArtifactRejectedException missing = assertThrows(ArtifactRejectedException.class,
                () -> downloader(1000).download(URI.create(server.prefix() + "nothing-here"), Artifacts.sha256(ARCHIVE), temp.resolve("a")));
        assertTrue(missing.getMessage().contains("answered 404"), missing.getMessage());

        HttpServer failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        failing.start();
        try {
            String prefix = "http://127.0.0.1:" + failing.getAddress().getPort() + "/";
            ArtifactUnavailableException busy = assertThrows(ArtifactUnavailableException.class,
                    () -> downloader(prefix, 1000).download(URI.create(prefix + "a.tar.gz"), Artifacts.sha256(ARCHIVE), temp.resolve("a")));
            assertTrue(busy.retryable());
        } finally {
            failing.stop(0);
        }

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closed + "/";
        ArtifactUnavailableException unreachable = assertThrows(ArtifactUnavailableException.class,
                () -> downloader(down, 1000).download(URI.create(down + "a.tar.gz"), Artifacts.sha256(ARCHIVE), temp.resolve("a")));
        assertTrue(unreachable.retryable());
    }

    private ArtifactDownloader downloader(long maxBytes) {
        return downloader(server.prefix(), maxBytes);
    }

    private static ArtifactDownloader downloader(String prefix, long maxBytes) {
        return new ArtifactDownloader(new ArtifactConfiguration(List.of(prefix), maxBytes, 100, 1_000_000,
                Duration.ofSeconds(2), Duration.ofSeconds(10), null));
    }
}
