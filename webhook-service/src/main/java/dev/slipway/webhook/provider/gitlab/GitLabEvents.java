package dev.slipway.webhook.provider.gitlab;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.Quoted;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.authentication.Signatures;
import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.plan.WebhookSecret;
import dev.slipway.webhook.provider.BranchChange;
import dev.slipway.webhook.provider.CommitId;
import dev.slipway.webhook.provider.PayloadNode;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.ProviderEvent;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.http.HttpHeaders;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitLab's deliveries, as documented in "Webhook events": {@code Push Hook} and a merged
 * {@code Merge Request Hook} ({@code object_attributes.action} {@code merge}). GitLab does not sign
 * bodies: {@code X-Gitlab-Token} carries the secret token itself. A redelivery keeps its
 * {@code Idempotency-Key}; older GitLab versions send only {@code X-Gitlab-Event-UUID}. The
 * repository is the one {@code project.git_http_url} names.
 */
@Singleton
public class GitLabEvents implements WebhookEvents {
    static final String EVENT = "X-Gitlab-Event";
    static final String TOKEN = "X-Gitlab-Token";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String EVENT_UUID = "X-Gitlab-Event-UUID";
    static final String REPOSITORY = "project.git_http_url";

    @Override
    public Provider provider() {
        return Provider.GITLAB;
    }

    @Override
    public String eventHeader() {
        return EVENT;
    }

    @Override
    public List<String> deliveryIdHeaders() {
        return List.of(IDEMPOTENCY_KEY, EVENT_UUID);
    }

    @Override
    public Set<String> knownEvents() {
        return Set.of("Push Hook", "Merge Request Hook");
    }

    @Override
    public void authenticate(HttpHeaders headers, byte[] body, WebhookSecret secret) {
        Signatures.requireToken(TOKEN, headers.get(TOKEN), secret);
    }

    /** {@code project.git_http_url}: both hooks carry the project, and its clone URL names host and path. */
    @Override
    public List<String> repositoryFields(String event) {
        return List.of(REPOSITORY);
    }

    @Override
    public Optional<NamedRepository> repository(String event, Map<String, String> fields) {
        return Optional.ofNullable(fields.get(REPOSITORY)).flatMap(NamedRepository.ByIdentity::ofUrl);
    }

    @Override
    public ProviderEvent read(String event, PayloadNode payload) {
        return switch (event) {
            case "Push Hook" -> push(payload);
            case "Merge Request Hook" -> mergeRequest(payload);
            default -> new ProviderEvent.Ignored("GitLab event " + Quoted.of(event) + " does not start builds; "
                    + "Push Hook and Merge Request Hook do");
        };
    }

    private ProviderEvent push(PayloadNode payload) {
        String ref = payload.get("ref").text();
        if (!ref.startsWith("refs/heads/")) {
            return new ProviderEvent.Ignored("push to " + Quoted.of(ref) + " is not a branch push; tags are not built");
        }
        BranchName branch = payload.get("ref").branch();
        CommitId after = payload.get("after").commit();
        if (after.isZero()) {
            return new ProviderEvent.Ignored("branch " + Quoted.of(branch.value()) + " was deleted");
        }
        // GitLab lists at most 20 commits of a push; the head is normally among them.
        PayloadNode head = payload.get("commits").elements().stream()
                .filter(commit -> after.hex().equalsIgnoreCase(commit.get("id").optionalText().orElse("")))
                .findFirst().orElse(PayloadNode.root(null));
        return ProviderEvent.of(List.of(new BranchChange(branch, after,
                PayloadNode.author(head.at("author.name").optionalText(), head.at("author.email").optionalText()).orElse(null),
                head.get("message").optionalText().orElse(""), Trigger.PUSH)), List.of());
    }

    private ProviderEvent mergeRequest(PayloadNode payload) {
        PayloadNode request = payload.get("object_attributes");
        String action = request.get("action").optionalText().orElse(request.get("state").optionalText().orElse(""));
        String number = request.get("iid").number().map(n -> "!" + n).orElse("");
        if (!action.equals("merge")) {
            return new ProviderEvent.Ignored("merge request " + number + " had action " + Quoted.of(action)
                    + "; only a merge (action 'merge') starts a build");
        }
        // A merge commit when GitLab made one; a squash commit, or the source head, when it fast-forwarded.
        PayloadNode commit = request.get("merge_commit_sha");
        if (!commit.present()) {
            commit = request.get("squash_commit_sha").present() ? request.get("squash_commit_sha") : request.at("last_commit.id");
        }
        PayloadNode user = payload.get("user");
        return ProviderEvent.of(List.of(new BranchChange(request.get("target_branch").branch(),
                commit.commit(), PayloadNode.author(user.get("name").optionalText().or(() -> user.get("username").optionalText()),
                user.get("email").optionalText()).orElse(null), request.get("title").optionalText().orElse(""), Trigger.MERGE)), List.of());
    }
}
