package dev.slipway.webhook.authentication;

import dev.slipway.webhook.plan.BuildPlans;
import dev.slipway.webhook.plan.KnownRepository;
import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.plan.PlanConfigurationException;
import dev.slipway.webhook.plan.WebhookSecret;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.http.HttpHeaders;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the secret a delivery must prove (the repository's own, else its provider's default) and
 * refuses deliveries for which there is none, unless the provider is explicitly set to accept
 * unsigned deliveries.
 */
@Singleton
public class WebhookSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSecrets.class);

    private final Map<Provider, WebhookSecret> defaults = new EnumMap<>(Provider.class);
    private final Map<Provider, Boolean> allowUnsigned = new EnumMap<>(Provider.class);
    private final BuildPlans plans;

    public WebhookSecrets(List<ProviderProperties> properties, BuildPlans plans) {
        this.plans = plans;
        for (ProviderProperties provider : properties) {
            Provider known = Arrays.stream(Provider.values()).filter(p -> p.key().equals(provider.name())).findFirst()
                    .orElseThrow(() -> new PlanConfigurationException("slipway.webhook.providers." + provider.name()
                            + " is not a provider this service knows; use github, bitbucket or gitlab"));
            WebhookSecret secret = WebhookSecret.ofNullable(provider.secret());
            if (secret != null) {
                defaults.put(known, secret);
            }
            allowUnsigned.put(known, Boolean.TRUE.equals(provider.allowUnsigned()));
        }
    }

    /**
     * @param named the repository the body's identifying field names (unverified until this returns:
     *              it chooses the secret to check, and the same repository's plans are the only ones
     *              the delivery may build, so proving another repository's secret gains nothing)
     * @throws UnauthenticatedDeliveryException when the delivery does not prove the secret, or there is none
     */
    public void authenticate(WebhookEvents events, HttpHeaders headers, byte[] body, Optional<NamedRepository> named) {
        Provider provider = events.provider();
        WebhookSecret secret = named.flatMap(plans::repository).flatMap(KnownRepository::ownSecret).orElse(defaults.get(provider));
        if (secret == null) {
            if (allowUnsigned.getOrDefault(provider, false)) {
                return;
            }
            throw new UnauthenticatedDeliveryException("no secret is configured for this " + provider.displayName()
                    + " delivery, so it cannot be authenticated and is refused; set slipway.webhook.providers." + provider.key()
                    + ".secret (or a secret for the repository)");
        }
        events.authenticate(headers, body, secret);
    }

    @EventListener
    void sayHowDeliveriesAreAuthenticated(StartupEvent event) {
        for (Provider provider : Provider.values()) {
            String key = "slipway.webhook.providers." + provider.key();
            if (defaults.containsKey(provider)) {
                LOG.info("{} deliveries must be signed with the configured secret", provider.displayName());
            } else if (allowUnsigned.getOrDefault(provider, false)) {
                LOG.warn("INSECURE: {} deliveries without a configured secret are accepted unsigned ({}.allow-unsigned=true): "
                        + "anyone who can reach this service can start builds", provider.displayName(), key);
            } else {
                LOG.warn("{} deliveries are refused unless their repository has its own secret: no {}.secret is configured",
                        provider.displayName(), key);
            }
        }
    }
}
