package dev.slipway.cli.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseReaderTest {

    @Test
    void readsEventsSkipsHeartbeatsAndKeepsTheLastId() throws Exception {
        String stream = ": heartbeat\n\nid: 7\nevent: build\ndata: {\"a\":1}\n\ndata:first\ndata: second\r\n\r\n: bye\n";
        AtomicInteger activity = new AtomicInteger();
        SseReader reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), activity::incrementAndGet);

        assertEquals(Optional.of(new SseEvent("7", "build", "{\"a\":1}")), reader.next());
        assertEquals(Optional.of(new SseEvent("7", "message", "first\nsecond")), reader.next());
        assertEquals(Optional.empty(), reader.next());
        assertEquals(10, activity.get(), "every line, heartbeats included, is a sign of life");
    }
}
