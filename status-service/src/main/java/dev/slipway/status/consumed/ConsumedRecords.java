package dev.slipway.status.consumed;

import dev.slipway.events.domain.EventId;
import dev.slipway.status.database.Database;
import dev.slipway.status.database.Sql;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What status-service has read: per partition the last offset applied (its position, which it
 * keeps itself rather than trusting the consumer group's), each record's broker timestamp, and
 * the event ids applied. The first two are written in the transaction of the read-model change
 * that the record made, so a record redelivered after a crash or a rebalance changes nothing.
 */
@Singleton
public class ConsumedRecords {
    private final Database database;

    public ConsumedRecords(Database database) {
        this.database = database;
    }

    /** Every partition's last applied offset. */
    public Map<TopicPartition, Long> lastOffsets() {
        return database.read(sql -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            sql.list("SELECT topic, partition_no, last_offset FROM consumed_partitions", row -> {
                offsets.put(new TopicPartition(row.string("topic"), row.integer("partition_no")), row.longValue("last_offset"));
                return null;
            });
            return offsets;
        });
    }

    /** The broker's timestamp of the record at {@code offset}, if it was read here. */
    public Optional<Instant> recordTime(TopicPartition partition, long offset) {
        return database.read(sql -> sql.one("SELECT record_time FROM consumed_records WHERE topic = ? AND partition_no = ? AND record_offset = ?",
                row -> row.instant("record_time"), partition.topic(), partition.partition(), offset));
    }

    /**
     * Within the record's transaction: claims the record. Empty when it was applied before (a
     * redelivery), else the record is now stored as applied.
     */
    public static boolean claim(Sql sql, ConsumerRecord<String, byte[]> record) throws SQLException {
        OptionalLong last = sql.one("SELECT last_offset FROM consumed_partitions WHERE topic = ? AND partition_no = ?",
                        row -> OptionalLong.of(row.longValue(1)), record.topic(), record.partition())
                .orElse(OptionalLong.empty());
        if (last.isPresent() && record.offset() <= last.getAsLong()) {
            return false;
        }
        if (last.isPresent()) {
            sql.update("UPDATE consumed_partitions SET last_offset = ? WHERE topic = ? AND partition_no = ?",
                    record.offset(), record.topic(), record.partition());
        } else {
            sql.update("INSERT INTO consumed_partitions (topic, partition_no, last_offset) VALUES (?, ?, ?)",
                    record.topic(), record.partition(), record.offset());
        }
        sql.update("INSERT INTO consumed_records (topic, partition_no, record_offset, record_time) VALUES (?, ?, ?, ?)",
                record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()));
        return true;
    }

    /**
     * Within the record's transaction: true the first time an event id is seen, false when the same
     * event was applied before (published twice, or emitted again by a stage that recognised a repeat).
     */
    public static boolean firstTime(Sql sql, EventId eventId, ConsumerRecord<String, byte[]> record) throws SQLException {
        if (sql.one("SELECT 1 FROM applied_events WHERE event_id = ?", row -> Boolean.TRUE, eventId).isPresent()) {
            return false;
        }
        sql.update("INSERT INTO applied_events (event_id, topic, partition_no, record_offset) VALUES (?, ?, ?, ?)",
                eventId, record.topic(), record.partition(), record.offset());
        return true;
    }
}
