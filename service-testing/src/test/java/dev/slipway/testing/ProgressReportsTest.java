package dev.slipway.testing;

import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.Stage;
import dev.slipway.events.kafka.EventPublisher;
import dev.slipway.events.testing.SampleEvents;
import dev.slipway.infrastructure.events.EventsConfiguration;
import dev.slipway.infrastructure.events.ProgressReports;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start that the broker does not take is a warning, not a failure of the work it announces. */
class ProgressReportsTest {

    @Test
    void aReportTheBrokerDoesNotTakeIsAWarningAndNothingIsThrown() {
        Duration timeout = Duration.ofSeconds(1);
        PlanName plan = SampleEvents.uniquePlan("no-broker");
        StageProgressed started = new StageProgressed(EventId.random(), EventId.random(), Instant.now(), plan, null,
                SampleEvents.COMMIT, Stage.ARTIFACT, null, Progress.STARTED, null);
        // A real producer, aimed at an address where no broker listens.
        try (EventPublisher nowhere = EventPublisher.connect("127.0.0.1:" + FreePorts.next(), "/slipway/artifact-service-test", timeout);
             LogCapture log = LogCapture.start()) {
            ProgressReports reports = new ProgressReports(nowhere, new EventsConfiguration(3, (short) 1, timeout, false));

            assertFalse(reports.report(started), "the broker cannot have taken it");
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("StageProgressed for " + plan + " at "
                            + SampleEvents.COMMIT.shortSha() + " (artifact stage, started) was not published; the work goes on")),
                    log.text());
        }
    }
}
