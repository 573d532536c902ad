package dev.slipway.webhook;

import io.micronaut.runtime.Micronaut;

/** Provider webhooks, cron schedules and manual requests become CommitReceived events. */
public final class WebhookApplication {
    private WebhookApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(WebhookApplication.class, args);
    }
}
