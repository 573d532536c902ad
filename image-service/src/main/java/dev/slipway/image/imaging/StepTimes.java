package dev.slipway.image.imaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where one build's time went, step by step, for its log's {@code timings:} line: what a person
 * reads to see why a build was slow, and what the image benchmark prints per step. Work done
 * {@link #aside} a step (saving the build's record) is counted on its own, not in the step.
 */
final class StepTimes {
    static final String RECORDS = "records";

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private String current;
    private long since;

    /** Ends the running step, if any, and starts {@code step}. */
    void begin(String step) {
        end();
        current = step;
        since = System.nanoTime();
    }

    void end() {
        if (current != null) {
            nanos.merge(current, System.nanoTime() - since, Long::sum);
            current = null;
        }
    }

    /** Runs {@code work}, counting its time under {@code bucket} and not in the running step. */
    <T> T aside(String bucket, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            long spent = System.nanoTime() - start;
            nanos.merge(bucket, spent, Long::sum);
            since += spent;
        }
    }

    /** {@code download 12 ms, extract 3 ms, ...}, in the order the steps first ran. */
    String summary() {
        end();
        return nanos.entrySet().stream()
                .map(e -> e.getKey() + " " + Math.round(e.getValue() / 1_000_000.0) + " ms")
                .collect(Collectors.joining(", "));
    }
}
