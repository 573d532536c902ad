package dev.slipway.status.projection;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Set;

/**
 * A record of a batch could neither be applied nor stored as skipped (the database failed): the
 * records before it are stored; it and those after it must be read again.
 */
public class RecordNotStoredException extends RuntimeException {
    private final transient ConsumerRecord<String, byte[]> record;
    private final Set<Long> changedBefore;

    RecordNotStoredException(ConsumerRecord<String, byte[]> record, Set<Long> changedBefore, RuntimeException cause) {
        super(record.topic() + "-" + record.partition() + "@" + record.offset() + " could not be stored: " + cause.getMessage(), cause);
        this.record = record;
        this.changedBefore = Set.copyOf(changedBefore);
    }

    public ConsumerRecord<String, byte[]> record() {
        return record;
    }

    /** The builds that the records stored before it changed. */
    public Set<Long> changedBefore() {
        return changedBefore;
    }
}
