package dev.slipway.status.projection;

import dev.slipway.events.PipelineEvent;
import dev.slipway.events.Topics;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.kafka.CloudEventHeaders;
import dev.slipway.events.kafka.EventCodec;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.kafka.InvalidEventException;
import dev.slipway.status.builds.Build;
import dev.slipway.status.builds.BuildStore;
import dev.slipway.status.consumed.ConsumedRecords;
import dev.slipway.status.database.Database;
import dev.slipway.status.database.Sql;
import dev.slipway.status.deadletters.DeadLetter;
import dev.slipway.status.deadletters.DeadLetterStore;
import dev.slipway.status.hoststatus.HostStatusReports;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one record to the read model, in one transaction with the record's offset: a record
 * already applied (by offset, or an event already applied by id) changes nothing; a record on a
 * dead-letter topic becomes a dead letter (and a line in its build's timeline); a record that
 * does not decode, or that the projection fails on, is kept as a dead letter of status-service's
 * own and skipped, so one bad record never stops the read model.
 */
@Singleton
public class Projection {
    private static final Logger LOG = LoggerFactory.getLogger(Projection.class);

    private final Database database;
    private final HostStatusReports hostStatuses;

    public Projection(Database database, HostStatusReports hostStatuses) {
        this.database = database;
        this.hostStatuses = hostStatuses;
    }

    /**
     * Applies a batch of records (one poll's) in one transaction; when that fails, each record on
     * its own, so that one record the projection fails on is skipped alone.
     *
     * @return the ids of the builds the records changed
     * @throws dev.slipway.status.database.DatabaseException when a record could not be stored, not
     *         even as skipped; the records before it are stored, and the exception says which it is
     */
    public Set<Long> apply(List<ConsumerRecord<String, byte[]>> records) {
        try {
            return database.inTransaction(sql -> {
                Set<Long> changed = new LinkedHashSet<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    changed.addAll(applyIn(sql, record));
                }
                return changed;
            });
        } catch (RuntimeException batchFailed) {
            Set<Long> changed = new LinkedHashSet<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    changed.addAll(apply(record));
                } catch (RuntimeException e) {
                    throw new RecordNotStoredException(record, changed, e);
                }
            }
            return changed;
        }
    }

    /**
     * @return the ids of the builds the record changed (empty when it changed none)
     * @throws dev.slipway.status.database.DatabaseException when nothing could be stored, not
     *         even that the record was skipped: the caller should read it again later
     */
    public Set<Long> apply(ConsumerRecord<String, byte[]> record) {
        try {
            return database.inTransaction(sql -> applyIn(sql, record));
        } catch (RuntimeException failure) {
            String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            LOG.error("Could not apply {} to the read model; keeping it as a dead letter and going on", where, failure);
            return database.inTransaction(sql -> {
                if (ConsumedRecords.claim(sql, record)) {
                    DeadLetterStore.add(sql, unreadable(record, "status-service could not apply it: " + failure.getMessage()));
                }
                return Set.of();
            });
        }
    }

    private Set<Long> applyIn(Sql sql, ConsumerRecord<String, byte[]> record) throws SQLException {
        if (!ConsumedRecords.claim(sql, record)) {
            return Set.of();
        }
        if (record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            return deadLetter(sql, record);
        }
        PipelineEvent event;
        try {
            event = EventCodec.fromRecord(record);
        } catch (InvalidEventException e) {
            LOG.warn("Skipping {}-{}@{}, which status-service cannot read: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            DeadLetterStore.add(sql, unreadable(record, "status-service could not read it: " + e.getMessage()));
            return Set.of();
        }
        if (!ConsumedRecords.firstTime(sql, event.eventId(), record)) {
            return Set.of();
        }
        Set<Long> changed = Projector.apply(sql, event);
        if (!changed.isEmpty()) {
            // The commit status it means is queued with the change, in this transaction (the build exists now).
            // Reporting never stops the read model: a status that cannot be queued is only lost.
            try {
                hostStatuses.record(sql, event, Projector.locate(sql, event));
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Could not queue the commit status of {} {}; the read model has it all the same: {}", event.getClass().getSimpleName(),
                        event.eventId(), e.toString());
            }
        }
        return changed;
    }

    /** A parked record: kept as a dead letter; when it holds an event, its build's timeline says so. */
    private static Set<Long> deadLetter(Sql sql, ConsumerRecord<String, byte[]> record) throws SQLException {
        // The headers are the ones EventPublisher.deadLetter writes (the contract names them).
        String reason = CloudEventHeaders.read(record.headers(), EventPublisher.DLT_REASON).orElse("no reason given");
        String originalTopic = CloudEventHeaders.read(record.headers(), EventPublisher.DLT_ORIGINAL_TOPIC)
                .orElse(record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length()));
        PipelineEvent event;
        try {
            event = EventCodec.fromRecord(record);
        } catch (InvalidEventException notAnEvent) {
            DeadLetterStore.add(sql, new DeadLetter(record.topic(), record.partition(), record.offset(), originalTopic, reason,
                    Instant.ofEpochMilli(record.timestamp()), keyAsPlan(record), headerEventId(record)));
            return Set.of();
        }
        DeadLetterStore.add(sql, new DeadLetter(record.topic(), record.partition(), record.offset(), originalTopic, reason,
                Instant.ofEpochMilli(record.timestamp()), event.plan().value(), event.eventId().value()));
        Build build = Projector.locate(sql, event);
        Instant parkedAt = Instant.ofEpochMilli(record.timestamp());
        BuildStore.timeline(sql, build.id(), parkedAt, "dead-lettered", null, null,
                Sentences.deadLettered(record.topic(), originalTopic, reason), event.eventId().value());
        BuildStore.touch(sql, build.id(), parkedAt);
        return Set.of(build.id());
    }

    /** A record status-service itself could not use, kept where it was read. */
    private static DeadLetter unreadable(ConsumerRecord<String, byte[]> record, String reason) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.topic(), reason,
                Instant.ofEpochMilli(record.timestamp()), keyAsPlan(record), headerEventId(record));
    }

    /** Records are keyed by plan; a key that is not a plan name is not shown as one. */
    private static String keyAsPlan(ConsumerRecord<String, byte[]> record) {
        try {
            return record.key() == null ? null : PlanName.of(record.key()).value();
        } catch (IllegalArgumentException notAPlan) {
            return null;
        }
    }

    private static UUID headerEventId(ConsumerRecord<String, byte[]> record) {
        try {
            return CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID).map(id -> EventId.parse(id).value()).orElse(null);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
