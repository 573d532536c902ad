package dev.slipway.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.client.Json;
import dev.slipway.cli.client.ServiceClient;
import dev.slipway.cli.client.ServiceFailedException;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.PlanName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * {@code slipway trigger PLAN [--commit SHA] [--branch B] [--rebuild]}: a manual build through
 * webhook-service's {@code POST /builds}. One Idempotency-Key per invocation, so the retries after a
 * 503 (the broker did not acknowledge in time, yet may have taken the event) queue one build.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Queue a build of a plan: a given commit of its branch, or the branch's head.")
public class TriggerCommand extends SlipwayCommand {
    private static final int ATTEMPTS = 3;
    private static final Duration DEFAULT_RETRY_PAUSE = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan")
    PlanName plan;

    @Option(names = "--commit", paramLabel = "SHA", description = "the full commit id (it must be in the branch's history; default: the branch's head)")
    CommitSha commit;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "the branch (default: the plan's first branch)")
    BranchName branch;

    @Option(names = "--rebuild", description = "build it again even if the plan already queued this commit")
    boolean rebuild;

    @Override
    public Integer call() throws InterruptedException {
        ObjectNode body = Json.mapper().createObjectNode().put("plan", plan.value());
        if (commit != null) {
            body.put("commit", commit.value());
        }
        if (branch != null) {
            body.put("branch", branch.value());
        }
        if (rebuild) {
            body.put("rebuild", true);
        }
        JsonNode answer = queue(services().webhook(), body, UUID.randomUUID().toString());
        return report(answer);
    }

    private JsonNode queue(ServiceClient webhook, ObjectNode body, String idempotencyKey) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return webhook.postJson("trigger a build", body, Map.of("Idempotency-Key", idempotencyKey), "builds");
            } catch (ServiceFailedException e) {
                boolean transient_ = e.status() == 502 || e.status() == 503;
                if (!transient_ || attempt == ATTEMPTS) {
                    throw e;
                }
                Duration pause = e.retryAfter().orElse(DEFAULT_RETRY_PAUSE);
                Thread.sleep((pause.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause).toMillis());
            }
        }
    }

    /** Says what was queued, from webhook-service's answer ({@code status}, {@code message}, {@code builds}). */
    private int report(JsonNode answer) {
        String status = answer.path("status").asText("");
        String message = answer.path("message").asText("");
        if (status.equals("ignored") || !answer.path("builds").elements().hasNext()) {
            throw new CliException(ExitCode.FAILED, "nothing was queued: " + message);
        }
        if (status.equals("duplicate")) {
            out().println("already queued, nothing new: " + message);
        }
        for (JsonNode queued : answer.path("builds")) {
            String sha = queued.path("commit").asText("");
            String shortSha = sha.length() > 12 ? sha.substring(0, 12) : sha;
            out().println((status.equals("duplicate") ? "earlier build: " : "queued a build of ") + queued.path("plan").asText(plan.value())
                    + ": commit " + shortSha + " on " + queued.path("branch").asText("?")
                    + " (" + queued.path("trigger").asText("manual") + ", request " + queued.path("eventId").asText("?") + ")");
            out().println("follow it: slipway watch " + queued.path("plan").asText(plan.value()) + " " + shortSha);
        }
        return ExitCode.OK;
    }
}
