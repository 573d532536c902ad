package dev.slipway.status.database;

import java.sql.SQLException;

/** The read model's database failed (a full disk, a file another process holds, a bug in a query). */
public class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super("the status database failed: " + cause.getMessage(), cause);
    }
}
