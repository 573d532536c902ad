package dev.slipway.status.hoststatus;

import dev.slipway.status.database.Database;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the outbox's commit statuses to their Git hosts, on a thread of its own, so a host that is
 * slow or away never holds up the projection (nor the pipeline, which never waits for
 * status-service). Per commit and context only the newest queued status is sent (the older ones
 * are replaced: the host would only show the newest anyway, and this way never a pending after the
 * success). A failed attempt is tried again after a wait that doubles (from
 * {@link HostStatusConfiguration#firstRetry()} up to {@link HostStatusConfiguration#maxRetry()});
 * a status still not sent {@link HostStatusConfiguration#giveUpAfter()} after it was queued is
 * given up, as is one the host refuses for good (4xx other than 408 and 429). The outbox lives in
 * the database, so a restart resumes what was not sent.
 */
@Context
public class HostStatusSender {
    private static final Logger LOG = LoggerFactory.getLogger(HostStatusSender.class);
    private static final int ANSWER_LIMIT = 500;

    private final Database database;
    private final GitHosts hosts;
    private final HostStatusConfiguration configuration;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private Instant lastPrune;

    public HostStatusSender(Database database, GitHosts hosts, HostStatusConfiguration configuration) {
        this.database = database;
        this.hosts = hosts;
        this.configuration = configuration;
        this.http = HttpClient.newBuilder().connectTimeout(configuration.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PostConstruct
    void start() {
        if (!hosts.any()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "host-status-sender");
            thread.setDaemon(true);
            return thread;
        });
        long interval = configuration.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sendDueSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sendDueSafely() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            LOG.warn("Could not send commit statuses this time; trying again: {}", e.toString());
        }
    }

    /** One round: each commit and context's newest queued status, when it is due. */
    void sendDue() {
        Instant now = clock.instant();
        if (lastPrune == null || lastPrune.isBefore(now.minus(Duration.ofHours(1)))) {
            lastPrune = now;
            // Kept a day past the time a status could still be queued for its commit and context.
            database.inTransaction(sql -> HostStatusOutbox.forgetDone(sql, now.minus(configuration.giveUpAfter()).minus(Duration.ofDays(1))));
        }
        List<HostStatusOutbox.Queued> queued = database.read(HostStatusOutbox::queued);
        Map<String, List<HostStatusOutbox.Queued>> byKey = new LinkedHashMap<>();
        for (HostStatusOutbox.Queued status : queued) {
            byKey.computeIfAbsent(status.status().commit() + "\n" + status.status().context(), key -> new ArrayList<>()).add(status);
        }
        for (List<HostStatusOutbox.Queued> ofKey : byKey.values()) {
            HostStatusOutbox.Queued newest = ofKey.get(ofKey.size() - 1);
            for (HostStatusOutbox.Queued older : ofKey.subList(0, ofKey.size() - 1)) {
                database.inTransaction(sql -> {
                    HostStatusOutbox.mark(sql, older.id(), HostStatusOutbox.REPLACED, "a newer status of its commit and context came first");
                    return null;
                });
            }
            if (database.read(sql -> HostStatusOutbox.due(sql, newest.id(), now))) {
                send(newest, now);
            }
        }
    }

    private void send(HostStatusOutbox.Queued queued, Instant now) {
        CommitStatus status = queued.status();
        String repository = status.repository() != null ? status.repository()
                : database.read(sql -> HostStatusOutbox.repositoryOf(sql, status.plan(), status.commit())).orElse(null);
        if (repository == null) {
            // Its CommitReceived has not been read yet (events come from several topics): wait for it.
            retryOrGiveUp(queued, now, "the build's repository is not known yet");
            return;
        }
        Optional<GitHosts.Target> target = hosts.forRepository(repository);
        if (target.isEmpty()) {
            database.inTransaction(sql -> {
                HostStatusOutbox.mark(sql, queued.id(), HostStatusOutbox.NO_HOST, "no Git host is configured for " + repository);
                return null;
            });
            return;
        }
        ProviderRequest request = ProviderRequests.of(target.get().host(), target.get().repository(), status);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(configuration.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(request.json(), StandardCharsets.UTF_8));
        request.headers().forEach(builder::header);
        String where = target.get().host().name() + " " + request + " (" + status.context() + " " + status.state().json() + ")";
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The exception names the host and the problem, never the request's headers.
            retryOrGiveUp(queued, now, "could not reach " + where + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int code = response.statusCode();
        String answer = "HTTP " + code + " " + ProviderRequests.cut(response.body() == null ? "" : response.body().strip(), ANSWER_LIMIT);
        if (code >= 200 && code < 300) {
            LOG.debug("Commit status sent: {} answered {}", where, code);
            database.inTransaction(sql -> {
                HostStatusOutbox.attempted(sql, queued.id(), HostStatusOutbox.SENT, answer);
                return null;
            });
        } else if (code >= 400 && code < 500 && code != 408 && code != 429) {
            LOG.warn("Commit status refused for good, not tried again: {} answered {}", where, answer);
            database.inTransaction(sql -> {
                HostStatusOutbox.attempted(sql, queued.id(), HostStatusOutbox.GIVEN_UP, answer);
                return null;
            });
        } else {
            retryOrGiveUp(queued, now, where + " answered " + answer);
        }
    }

    private void retryOrGiveUp(HostStatusOutbox.Queued queued, Instant now, String why) {
        if (!now.isBefore(queued.createdAt().plus(configuration.giveUpAfter()))) {
            LOG.warn("Giving up a commit status of {} ({}) after {} attempts: {}", queued.status().commit(), queued.status().context(),
                    queued.attempts() + 1, why);
            database.inTransaction(sql -> {
                HostStatusOutbox.attempted(sql, queued.id(), HostStatusOutbox.GIVEN_UP, ProviderRequests.cut(why, 1000));
                return null;
            });
            return;
        }
        Duration wait = backoff(queued.attempts());
        if (queued.attempts() == 0) {
            LOG.info("Commit status of {} ({}) not sent, trying again in {}: {}", queued.status().commit(), queued.status().context(), wait, why);
        } else {
            LOG.debug("Commit status of {} ({}) not sent again, trying again in {}: {}", queued.status().commit(), queued.status().context(),
                    wait, why);
        }
        database.inTransaction(sql -> {
            HostStatusOutbox.retryAt(sql, queued.id(), now.plus(wait), ProviderRequests.cut(why, 1000));
            return null;
        });
    }

    private Duration backoff(int attemptsBefore) {
        Duration wait = configuration.firstRetry();
        for (int i = 0; i < attemptsBefore && wait.compareTo(configuration.maxRetry()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(configuration.maxRetry()) > 0 ? configuration.maxRetry() : wait;
    }
}
