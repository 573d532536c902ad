package dev.slipway.webhook.http;

import dev.slipway.infrastructure.security.Roles;
import dev.slipway.webhook.provider.Payloads;
import dev.slipway.webhook.trigger.DeliveryIds;
import dev.slipway.webhook.trigger.ManualBuilds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.Optional;

/**
 * {@code POST /builds {"plan": "shop-main", "commit"?: "<sha>", "branch"?: "main", "rebuild"?: true}}:
 * queues a build and answers 202 once its CommitReceived is on the broker. An {@code Idempotency-Key}
 * header makes a retried request queue one build only. Starting builds is an operator's: the token
 * is checked before the body is read.
 */
@Controller("/builds")
@Secured(Roles.OPERATOR)
public class BuildsController {
    private final ManualBuilds builds;
    private final Acknowledgements acknowledgements;

    public BuildsController(ManualBuilds builds, Acknowledgements acknowledgements) {
        this.builds = builds;
        this.acknowledgements = acknowledgements;
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    MutableHttpResponse<?> queue(@Nullable @Body byte[] body, @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        return acknowledgements.acknowledge("manual", tag -> {
            tag.set("build");
            return builds.queue(Payloads.parse(body), Optional.ofNullable(idempotencyKey).filter(key -> !key.isBlank())
                    .map(key -> DeliveryIds.check("Idempotency-Key", key)));
        });
    }
}
