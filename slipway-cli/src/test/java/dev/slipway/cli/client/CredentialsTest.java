package dev.slipway.cli.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the token comes from, in order: the variable, the file it names, the file bin/slipway writes. */
class CredentialsTest {
    @TempDir
    Path data;

    @Test
    void theVariableComesFirst() throws Exception {
        Files.writeString(data.resolve("admin-token"), "from-file");
        Credentials credentials = Credentials.fromEnvironment(Map.of("SLIPWAY_TOKEN", " from-variable \n", "SLIPWAY_DATA", data.toString()));

        assertEquals("from-variable", credentials.token().orElseThrow());
        assertEquals("a token", credentials.toString(), "never the token itself");
    }

    @Test
    void thenTheFileTheVariableNames() throws Exception {
        Path file = Files.writeString(data.resolve("ci-token"), "from-named-file\n");
        Credentials credentials = Credentials.fromEnvironment(Map.of("SLIPWAY_TOKEN_FILE", file.toString(), "SLIPWAY_DATA", data.toString()));

        assertEquals("from-named-file", credentials.token().orElseThrow());
        assertEquals("the token came from " + file, credentials.searched());
    }

    @Test
    void aNamedFileThatIsMissingIsSaidSo() {
        Credentials credentials = Credentials.fromEnvironment(Map.of("SLIPWAY_TOKEN_FILE", data.resolve("gone").toString()));

        assertEquals("SLIPWAY_TOKEN_FILE names " + data.resolve("gone") + ", which does not exist", credentials.searched());
    }

    @Test
    void thenTheAdminTokenInSlipwayData() throws Exception {
        Files.writeString(data.resolve("admin-token"), "from-admin-file\n");

        assertEquals("from-admin-file", Credentials.fromEnvironment(Map.of("SLIPWAY_DATA", data.toString())).token().orElseThrow());
    }

    @Test
    void anEmptyFileIsNoToken() throws Exception {
        Files.writeString(data.resolve("admin-token"), "\n");
        Credentials credentials = Credentials.fromEnvironment(Map.of("SLIPWAY_DATA", data.toString()));

        assertEquals(java.util.Optional.empty(), credentials.token());
        assertEquals("SLIPWAY_TOKEN and SLIPWAY_TOKEN_FILE are not set, and the default token file " + data.resolve("admin-token")
                + ", which is empty", credentials.searched());
    }
}
