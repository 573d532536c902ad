package dev.slipway.status.deadletters;

import dev.slipway.status.database.Database;
import dev.slipway.status.database.Sql;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.util.List;

/** The dead letters of the read model. */
@Singleton
public class DeadLetterStore {
    private final Database database;

    public DeadLetterStore(Database database) {
        this.database = database;
    }

    /** Within the record's transaction. */
    public static void add(Sql sql, DeadLetter letter) throws SQLException {
        sql.update("MERGE INTO dead_letters (topic, partition_no, record_offset, original_topic, reason, record_time, plan, event_id) "
                        + "KEY (topic, partition_no, record_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                letter.topic(), letter.partition(), letter.offset(), letter.originalTopic(), letter.reason(), letter.time(),
                letter.plan(), letter.eventId());
    }

    /** The newest first; {@code topic} null for every topic. */
    public List<DeadLetter> newest(String topic, int limit) {
        return database.read(sql -> sql.list("SELECT topic, partition_no, record_offset, original_topic, reason, record_time, plan, event_id "
                        + "FROM dead_letters WHERE (CAST(? AS VARCHAR) IS NULL OR topic = ?) ORDER BY record_time DESC, id DESC LIMIT ?",
                row -> new DeadLetter(row.string("topic"), row.integer("partition_no"), row.longValue("record_offset"),
                        row.string("original_topic"), row.string("reason"), row.instant("record_time"), row.string("plan"),
                        row.uuid("event_id")),
                topic, topic, limit));
    }
}
