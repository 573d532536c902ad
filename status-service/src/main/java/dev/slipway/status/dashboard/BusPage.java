package dev.slipway.status.dashboard;

import java.util.List;

/**
 * {@code /ui/bus}: per stage its consumer group's lag, throughput, dead letters and durations, with
 * the lag over the last hour as a small chart.
 *
 * @param refreshMillis how often the page fetches the table again (the monitoring interval)
 */
public record BusPage(Chrome chrome, Table table, long refreshMillis) {

    /**
     * @param unavailable why there are no figures yet (the broker not sampled), or null
     */
    public record Table(String sampledIso, String sampledText, String unavailable, List<Row> rows) {
    }

    /**
     * @param behind its lag is above zero and grew over the rate window: the stage falls behind
     */
    public record Row(String stage, String group, long lag, String oldest, String in, String out, long deadLetters, String p50,
                      String p95, boolean behind, Chart chart) {
    }

    /**
     * The lag over the last hour as a line in an SVG of {@code width} x {@code height}.
     *
     * @param points      the polyline's points ({@code x,y x,y ...}), empty when there is no sample
     * @param description the chart in words, for those who cannot see it
     */
    public record Chart(int width, int height, String points, String description) {
    }
}
