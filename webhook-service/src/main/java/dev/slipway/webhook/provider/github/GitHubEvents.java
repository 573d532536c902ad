package dev.slipway.webhook.provider.github;

import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.domain.Quoted;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.authentication.Signatures;
import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.plan.WebhookSecret;
import dev.slipway.webhook.provider.BranchChange;
import dev.slipway.webhook.provider.InvalidPayloadException;
import dev.slipway.webhook.provider.PayloadNode;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.PullRequests;
import dev.slipway.webhook.provider.ProviderEvent;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub's webhook deliveries, as documented in "Webhook events and payloads": {@code push},
 * {@code pull_request} ({@code opened}, {@code reopened} and {@code synchronize} build a preview of
 * the head; {@code closed} ends it, and with {@code merged=true} also builds the merge) and {@code ping}.
 * The JSON comes as the body, or as the {@code payload} field of a form when the hook's content
 * type is {@code application/x-www-form-urlencoded}; the signature always covers the raw body. The
 * repository is the one {@code repository.clone_url} names.
 */
@Singleton
public class GitHubEvents implements WebhookEvents {
    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";
    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String REPOSITORY = "repository.clone_url";

    @Override
    public Provider provider() {
        return Provider.GITHUB;
    }

    @Override
    public String eventHeader() {
        return EVENT;
    }

    @Override
    public List<String> deliveryIdHeaders() {
        return List.of(DELIVERY);
    }

    @Override
    public Set<String> knownEvents() {
        return Set.of("push", "pull_request", "ping");
    }

    @Override
    public void authenticate(HttpHeaders headers, byte[] body, WebhookSecret secret) {
        Signatures.requireHmacSha256(SIGNATURE, headers.get(SIGNATURE), body, secret);
    }

    @Override
    public InputStream json(byte[] body, MediaType contentType) {
        if (!contentType.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return new ByteArrayInputStream(body);
        }
        return FormField.of(body, "payload").orElseThrow(() ->
                new InvalidPayloadException("the form body has no 'payload' field, which GitHub uses to send the JSON"));
    }

    /** {@code clone_url}: every event about a repository has it, and it names the host as well as the path. */
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
            case "push" -> push(payload);
            case "pull_request" -> pullRequest(payload);
            case "ping" -> new ProviderEvent.Ping("pong: GitHub reached Slipway"
                    + payload.at("hook_id").number().map(id -> " with hook " + id).orElse(""));
            default -> new ProviderEvent.Ignored("GitHub event " + Quoted.of(event) + " does not start builds; "
                    + "push, pull_request and ping do");
        };
    }

    private ProviderEvent push(PayloadNode payload) {
        String ref = payload.get("ref").text();
        if (!ref.startsWith("refs/heads/")) {
            return new ProviderEvent.Ignored("push to " + Quoted.of(ref) + " is not a branch push; tags are not built");
        }
        BranchName branch = payload.get("ref").branch();
        if (payload.get("deleted").bool() || payload.get("after").commit().isZero()) {
            return new ProviderEvent.Ignored("branch " + Quoted.of(branch.value()) + " was deleted");
        }
        PayloadNode head = payload.get("head_commit");
        return ProviderEvent.of(List.of(new BranchChange(branch, payload.get("after").commit(),
                PayloadNode.author(head.at("author.name").optionalText(), head.at("author.email").optionalText()).orElse(null),
                head.get("message").optionalText().orElse(""), Trigger.PUSH)), List.of());
    }

    private ProviderEvent pullRequest(PayloadNode payload) {
        String action = payload.get("action").text();
        PayloadNode pull = payload.get("pull_request");
        return switch (action) {
            case "opened", "reopened", "synchronize" -> pullRequestHead(payload, pull);
            case "closed" -> pullRequestClosed(payload, pull);
            default -> new ProviderEvent.Ignored("pull request " + payload.get("number").number().map(n -> "#" + n).orElse("")
                    + " was " + Quoted.of(action) + "; only opened, reopened, synchronize (a new head) and closed change its preview");
        };
    }

    /** GitHub keeps every pull request's head, a fork's too, at {@code refs/pull/<number>/head} of the base repository. */
    private ProviderEvent pullRequestHead(PayloadNode payload, PayloadNode pull) {
        PayloadNode headRepository = pull.at("head.repo");
        PullRequest request = PullRequests.of(payload.get("number"), pull.at("head.ref"), pull.at("base.ref"),
                fromFork(headRepository, pull.at("base.repo")), "refs/pull/{number}/head", pull.get("html_url"), pull.get("title"));
        PayloadNode user = pull.get("user");
        return new ProviderEvent.PullRequestHead(request, pull.at("head.sha").commit(),
                PayloadNode.author(user.get("name").optionalText().or(() -> user.get("login").optionalText()), Optional.empty()).orElse(null),
                headRepository.get("full_name").optionalText().orElse("a deleted repository"));
    }

    /**
     * The head is in another repository than the base: told by the repositories' ids, else their
     * names. A head whose repository is gone ({@code head.repo} null: a deleted fork) is a fork's.
     */
    private static boolean fromFork(PayloadNode head, PayloadNode base) {
        Optional<String> headId = head.get("id").number();
        Optional<String> baseId = base.get("id").number();
        if (headId.isPresent() && baseId.isPresent()) {
            return !headId.equals(baseId);
        }
        Optional<String> headName = head.get("full_name").optionalText();
        return headName.isEmpty() || !headName.get().equalsIgnoreCase(base.get("full_name").optionalText().orElse(""));
    }

    private ProviderEvent pullRequestClosed(PayloadNode payload, PayloadNode pull) {
        int number = payload.get("number").positiveInt();
        BranchName base = pull.at("base.ref").branch();
        if (!pull.get("merged").bool()) {
            return new ProviderEvent.PullRequestEnded(number, base, PullRequestOutcome.CLOSED, Optional.empty());
        }
        PayloadNode mergedBy = pull.get("merged_by");
        Optional<String> merger = mergedBy.get("name").optionalText().or(() -> mergedBy.get("login").optionalText());
        return new ProviderEvent.PullRequestEnded(number, base, PullRequestOutcome.MERGED, Optional.of(new BranchChange(base,
                pull.get("merge_commit_sha").commit(), PayloadNode.author(merger, mergedBy.get("email").optionalText()).orElse(null),
                pull.get("title").optionalText().orElse(""), Trigger.MERGE)));
    }
}
