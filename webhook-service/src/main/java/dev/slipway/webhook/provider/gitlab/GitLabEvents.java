package dev.slipway.webhook.provider.gitlab;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.domain.Quoted;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.authentication.Signatures;
import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.plan.WebhookSecret;
import dev.slipway.webhook.provider.BranchChange;
import dev.slipway.webhook.provider.CommitId;
import dev.slipway.webhook.provider.PayloadNode;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.PullRequests;
import dev.slipway.webhook.provider.ProviderEvent;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.http.HttpHeaders;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitLab's deliveries, as documented in "Webhook events": {@code Push Hook} and
 * {@code Merge Request Hook} ({@code object_attributes.action} {@code open}, {@code reopen} and an
 * {@code update} with new commits build a preview of the head; {@code close} ends it; {@code merge}
 * ends it and builds the merge). GitLab does not sign
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
        return switch (action) {
            case "open", "reopen" -> mergeRequestHead(payload, request);
            // GitLab sends oldrev only when the update brought new commits; a title or label edit has none.
            case "update" -> request.get("oldrev").present() ? mergeRequestHead(payload, request)
                    : new ProviderEvent.Ignored("merge request " + number + " was updated without new commits (no 'oldrev'); its head is built already");
            case "merge" -> merged(payload, request);
            case "close" -> new ProviderEvent.PullRequestEnded(request.get("iid").positiveInt(), request.get("target_branch").branch(),
                    PullRequestOutcome.CLOSED, Optional.empty());
            default -> new ProviderEvent.Ignored("merge request " + number + " had action " + Quoted.of(action)
                    + "; only open, reopen, update with new commits, merge and close change its preview");
        };
    }

    /** GitLab keeps every merge request's head, a fork's too, at {@code refs/merge-requests/<iid>/head} of the target project. */
    private ProviderEvent mergeRequestHead(PayloadNode payload, PayloadNode request) {
        PullRequest pullRequest = PullRequests.of(request.get("iid"), request.get("source_branch"), request.get("target_branch"),
                fromFork(request), "refs/merge-requests/{number}/head", request.get("url"), request.get("title"));
        PayloadNode head = request.get("last_commit");
        return new ProviderEvent.PullRequestHead(pullRequest, head.get("id").commit(),
                PayloadNode.author(head.at("author.name").optionalText(), head.at("author.email").optionalText()).orElse(null),
                request.at("source.path_with_namespace").optionalText().orElse("project " + request.get("source_project_id").number().orElse("?")));
    }

    /** The source project is not the target: told by their ids, which every merge request event carries. */
    private static boolean fromFork(PayloadNode request) {
        Optional<String> source = request.get("source_project_id").number();
        return source.isEmpty() || !source.equals(request.get("target_project_id").number());
    }

    private ProviderEvent merged(PayloadNode payload, PayloadNode request) {
        int number = request.get("iid").positiveInt();
        // A merge commit when GitLab made one; a squash commit, or the source head, when it fast-forwarded.
        PayloadNode commit = request.get("merge_commit_sha");
        if (!commit.present()) {
            commit = request.get("squash_commit_sha").present() ? request.get("squash_commit_sha") : request.at("last_commit.id");
        }
        PayloadNode user = payload.get("user");
        BranchName target = request.get("target_branch").branch();
        return new ProviderEvent.PullRequestEnded(number, target, PullRequestOutcome.MERGED, Optional.of(new BranchChange(target,
                commit.commit(), PayloadNode.author(user.get("name").optionalText().or(() -> user.get("username").optionalText()),
                user.get("email").optionalText()).orElse(null), request.get("title").optionalText().orElse(""), Trigger.MERGE)));
    }
}
