package dev.slipway.cli.client;

/**
 * One Server-Sent Event.
 *
 * @param id   the {@code id:} field, or the last id the stream set; null when it never set one
 * @param name the {@code event:} field; {@code message} when the event has none
 * @param data its {@code data:} lines, joined with newlines
 */
public record SseEvent(String id, String name, String data) {
}
