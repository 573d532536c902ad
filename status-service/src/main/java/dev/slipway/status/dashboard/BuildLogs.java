package dev.slipway.status.dashboard;

import dev.slipway.events.domain.PlanName;
import dev.slipway.status.dashboard.actions.PipelineActions;
import dev.slipway.status.dashboard.actions.ServiceCallException;
import dev.slipway.status.dashboard.session.DashboardSession;
import jakarta.inject.Singleton;

/**
 * A build's image log as its page shows it, read from image-service with the signed-in person's own
 * token (image-service keeps the logs; status-service only passes them on).
 */
@Singleton
public class BuildLogs {
    private final PipelineActions actions;
    private final DashboardConfiguration configuration;

    public BuildLogs(PipelineActions actions, DashboardConfiguration configuration) {
        this.actions = actions;
        this.configuration = configuration;
    }

    public LogView of(DashboardSession session, PlanName plan, Long number) {
        if (number == null) {
            return new LogView("", "no image log: the build stopped before it got a number, so no image was built");
        }
        try {
            PipelineActions.BuildLog log = actions.log(session.apiToken(), plan, number);
            if (!log.exists()) {
                return new LogView("", "image-service has no log of build " + number + " yet");
            }
            return new LogView(log.text(), log.cut() ? "the end of the log (its last " + configuration.logTailBytes() / 1024 + " KiB)" : null);
        } catch (ServiceCallException e) {
            return new LogView("", "the log could not be read: " + e.getMessage());
        }
    }
}
