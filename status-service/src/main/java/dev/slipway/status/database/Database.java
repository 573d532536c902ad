package dev.slipway.status.database;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The read model's database: plain JDBC on the pool micronaut-jdbc-hikari makes from
 * {@code datasources.default}. The schema is brought up to date before anything uses it.
 */
@Singleton
public class Database {
    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
        inTransaction(Migrations::apply);
    }

    /** Runs {@code work} in one transaction: all of it is stored, or none of it. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Sql(connection));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Runs queries that change nothing. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            connection.setReadOnly(true);
            try {
                return work.run(new Sql(connection));
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }
}
