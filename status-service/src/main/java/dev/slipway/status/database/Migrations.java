package dev.slipway.status.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * The schema, as numbered SQL files under {@code db/migration/}, each applied once, in order, and
 * recorded in {@code schema_version}. A new version of the read model is a new file appended to
 * {@link #VERSIONS}; a file never changes once released.
 */
final class Migrations {
    private static final List<String> VERSIONS = List.of("V1__read_model.sql", "V2__pull_requests_and_host_statuses.sql");

    private Migrations() {
    }

    static Void apply(Sql sql) throws SQLException {
        sql.update("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                + "applied_at TIMESTAMP(3) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        int current = sql.one("SELECT COALESCE(MAX(version), 0) FROM schema_version", row -> row.integer(1)).orElse(0);
        for (int version = current + 1; version <= VERSIONS.size(); version++) {
            String script = VERSIONS.get(version - 1);
            for (String statement : statements(read(script))) {
                sql.update(statement);
            }
            sql.update("INSERT INTO schema_version (version, script) VALUES (?, ?)", version, script);
        }
        return null;
    }

    /** Statements end with a semicolon at the end of a line; lines starting with {@code --} are comments. */
    private static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> withoutComments.append(line).append('\n'));
        return java.util.Arrays.stream(withoutComments.toString().split(";\\s*\n"))
                .map(String::strip).filter(statement -> !statement.isEmpty()).toList();
    }

    private static String read(String script) {
        String resource = "db/migration/" + script;
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
