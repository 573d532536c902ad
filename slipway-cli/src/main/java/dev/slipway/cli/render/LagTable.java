package dev.slipway.cli.render;

import dev.slipway.cli.status.Monitoring;

import java.time.Duration;
import java.util.Locale;

/** {@code slipway lag}: per stage, how far its consumer group is behind, how fast it goes, how long it takes. */
public final class LagTable {
    private LagTable() {
    }

    public static String render(Monitoring monitoring, Times times) {
        Table table = Table.of("STAGE", "GROUP", "LAG", "OLDEST", "IN/MIN", "OUT/MIN", "DLT", "P50", "P95").alignRight(2, 3, 4, 5, 6, 7, 8);
        for (Monitoring.StageLag stage : monitoring.stages()) {
            table.row(stage.stage(), stage.group(), stage.lag(),
                    stage.oldestUnprocessedAgeSeconds() == null ? null : Durations.of(Duration.ofMillis(Math.round(stage.oldestUnprocessedAgeSeconds() * 1000))),
                    rate(stage.inPerMinute()), rate(stage.outPerMinute()), stage.deadLetters(),
                    Durations.seconds(stage.durationP50Seconds()), Durations.seconds(stage.durationP95Seconds()));
        }
        StringBuilder text = new StringBuilder(table.render());
        monitoring.deadLetterTopics().stream().filter(topic -> topic.depth() > 0)
                .forEach(topic -> text.append("dead letters: ").append(topic.topic()).append(" holds ").append(topic.depth()).append('\n'));
        text.append("sampled ").append(times.dateTime(monitoring.sampledAt()));
        if (monitoring.rateWindowSeconds() != null) {
            text.append("; rates over ").append(Durations.of(Duration.ofSeconds(monitoring.rateWindowSeconds())));
        }
        if (monitoring.durationWindowSeconds() != null) {
            text.append(", durations over ").append(Durations.of(Duration.ofSeconds(monitoring.durationWindowSeconds())));
        }
        return text.append('\n').toString();
    }

    private static String rate(double perMinute) {
        return String.format(Locale.ROOT, "%.1f", perMinute);
    }
}
