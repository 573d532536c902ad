package dev.slipway.events.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** An event's id (a UUID): consumers use it to do nothing the second time they see an event. */
public record EventId(UUID value) {

    public EventId {
        Require.present(value, "eventId");
    }

    public static EventId random() {
        return new EventId(UUID.randomUUID());
    }

    /** The same name always gives the same id: for events that must be emitted at most once per cause. */
    public static EventId derived(String name) {
        return new EventId(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @JsonCreator
    public static EventId parse(String text) {
        Require.present(text, "eventId");
        try {
            return new EventId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event id " + Quoted.of(text) + " is not a UUID");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
