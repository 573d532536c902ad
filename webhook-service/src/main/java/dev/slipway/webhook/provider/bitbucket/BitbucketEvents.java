package dev.slipway.webhook.provider.bitbucket;

import dev.slipway.events.domain.Author;
import dev.slipway.events.domain.BranchName;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.PullRequestOutcome;
import dev.slipway.events.domain.Quoted;
import dev.slipway.events.domain.Trigger;
import dev.slipway.webhook.authentication.Signatures;
import dev.slipway.webhook.plan.NamedRepository;
import dev.slipway.webhook.plan.RepositoryIdentity;
import dev.slipway.webhook.plan.WebhookSecret;
import dev.slipway.webhook.provider.BranchChange;
import dev.slipway.webhook.provider.PayloadNode;
import dev.slipway.webhook.provider.Provider;
import dev.slipway.webhook.provider.PullRequests;
import dev.slipway.webhook.provider.ProviderEvent;
import dev.slipway.webhook.provider.WebhookEvents;
import io.micronaut.http.HttpHeaders;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitbucket's deliveries, both kinds, told apart by their {@code X-Event-Key}. Bitbucket Cloud
 * ("Event payloads"): {@code repo:push}, and the pull request events {@code pullrequest:created},
 * {@code pullrequest:updated} (a preview of the head), {@code pullrequest:fulfilled} (merged) and
 * {@code pullrequest:rejected} (declined); it names the repository by {@code full_name} and
 * commits of pull requests by an abbreviated id. Bitbucket Server / Data Center ("Event payload"):
 * {@code repo:refs_changed}, {@code pr:opened} and {@code pr:from_ref_updated} (a preview),
 * {@code pr:merged}, {@code pr:declined}, {@code pr:deleted}, and the test-connection
 * {@code diagnostics:ping}; it names the repository by project key and slug. Both sign with
 * {@code X-Hub-Signature: sha256=...}.
 */
@Singleton
public class BitbucketEvents implements WebhookEvents {
    static final String EVENT = "X-Event-Key";
    static final String CLOUD_DELIVERY = "X-Request-UUID";
    static final String SERVER_DELIVERY = "X-Request-Id";
    static final String SIGNATURE = "X-Hub-Signature";
    private static final Pattern RAW_AUTHOR = Pattern.compile("\\s*(.*?)\\s*<([^>]*)>\\s*");
    static final String CLOUD_FULL_NAME = "repository.full_name";
    static final String SERVER_PROJECT = "repository.project.key";
    static final String SERVER_SLUG = "repository.slug";
    private static final String SERVER_TARGET = "pullRequest.toRef.";
    private static final String CLOUD_HOST = "bitbucket.org";
    private static final Pattern CLOUD_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}/[A-Za-z0-9._-]{1,128}");
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    @Override
    public Provider provider() {
        return Provider.BITBUCKET;
    }

    @Override
    public String eventHeader() {
        return EVENT;
    }

    @Override
    public List<String> deliveryIdHeaders() {
        return List.of(CLOUD_DELIVERY, SERVER_DELIVERY);
    }

    @Override
    public Set<String> knownEvents() {
        return Set.of("repo:push", "pullrequest:created", "pullrequest:updated", "pullrequest:fulfilled", "pullrequest:rejected",
                "repo:refs_changed", "pr:opened", "pr:from_ref_updated", "pr:merged", "pr:declined", "pr:deleted", "diagnostics:ping");
    }

    @Override
    public void authenticate(HttpHeaders headers, byte[] body, WebhookSecret secret) {
        Signatures.requireHmacSha256(SIGNATURE, headers.get(SIGNATURE), body, secret);
    }

    /**
     * Cloud: {@code repository.full_name} ({@code workspace/slug}, on bitbucket.org; for a pull
     * request the destination's). Data Center: the project key and slug of the repository pushed to
     * ({@code repository}) or of a pull request's target ({@code pullRequest.toRef.repository}),
     * the only names every version sends.
     */
    @Override
    public List<String> repositoryFields(String event) {
        if (event.startsWith("pr:")) {
            return List.of(SERVER_TARGET + SERVER_PROJECT, SERVER_TARGET + SERVER_SLUG);
        }
        return switch (event) {
            case "repo:refs_changed" -> List.of(SERVER_PROJECT, SERVER_SLUG);
            case "diagnostics:ping" -> List.of();
            default -> List.of(CLOUD_FULL_NAME);
        };
    }

    @Override
    public Optional<NamedRepository> repository(String event, Map<String, String> fields) {
        List<String> paths = repositoryFields(event);
        if (paths.size() == 2) {
            String key = fields.get(paths.get(0));
            String slug = fields.get(paths.get(1));
            return key != null && slug != null && SERVER_NAME.matcher(key).matches() && SERVER_NAME.matcher(slug).matches()
                    ? Optional.of(new NamedRepository.BitbucketServer(key, slug)) : Optional.empty();
        }
        return Optional.ofNullable(fields.get(CLOUD_FULL_NAME)).filter(name -> CLOUD_NAME.matcher(name).matches())
                .flatMap(name -> RepositoryIdentity.of("https://" + CLOUD_HOST + "/" + name))
                .map(identity -> new NamedRepository.ByIdentity(identity, fields.get(CLOUD_FULL_NAME)));
    }

    @Override
    public ProviderEvent read(String event, PayloadNode payload) {
        return switch (event) {
            case "repo:push" -> cloudPush(payload);
            case "pullrequest:created", "pullrequest:updated" -> cloudPullRequestHead(payload);
            case "pullrequest:fulfilled" -> cloudMerge(payload);
            case "pullrequest:rejected" -> new ProviderEvent.PullRequestEnded(payload.at("pullrequest.id").positiveInt(),
                    payload.at("pullrequest.destination.branch.name").branch(), PullRequestOutcome.DECLINED, Optional.empty());
            case "repo:refs_changed" -> serverPush(payload);
            case "pr:opened", "pr:from_ref_updated" -> serverPullRequestHead(payload);
            case "pr:merged" -> serverMerge(payload);
            case "pr:declined", "pr:deleted" -> new ProviderEvent.PullRequestEnded(payload.at("pullRequest.id").positiveInt(),
                    payload.at("pullRequest.toRef.id").branch(),
                    event.equals("pr:declined") ? PullRequestOutcome.DECLINED : PullRequestOutcome.CLOSED, Optional.empty());
            case "diagnostics:ping" -> new ProviderEvent.Ping("pong: Bitbucket reached Slipway");
            default -> new ProviderEvent.Ignored("Bitbucket event " + Quoted.of(event) + " does not start builds; repo:push, "
                    + "pullrequest:created, pullrequest:updated, pullrequest:fulfilled, pullrequest:rejected, repo:refs_changed, "
                    + "pr:opened, pr:from_ref_updated, pr:merged, pr:declined and pr:deleted do");
        };
    }

    private ProviderEvent cloudPush(PayloadNode payload) {
        List<BranchChange> changes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (PayloadNode change : payload.at("push.changes").requiredElements()) {
            PayloadNode created = change.get("new");
            if (!created.present()) {
                ignored.add(change.at("old.type").optionalText().orElse("ref") + " " + Quoted.of(change.at("old.name").optionalText().orElse(""))
                        + " was deleted");
                continue;
            }
            String type = created.get("type").text();
            if (!type.equals("branch")) {
                ignored.add(type + " " + Quoted.of(created.get("name").optionalText().orElse("")) + " is not a branch; only branches are built");
                continue;
            }
            PayloadNode target = created.get("target");
            changes.add(new BranchChange(created.get("name").branch(), target.get("hash").commit(), cloudAuthor(target.get("author")),
                    target.get("message").optionalText().orElse(""), Trigger.PUSH));
        }
        return ProviderEvent.of(changes, ignored.isEmpty() ? List.of("the push changed no branch") : ignored);
    }

    /**
     * Cloud keeps no ref of a pull request's head in the destination repository: the head is the
     * source branch's, named by an abbreviated id; a fork's head is in the fork only.
     * {@code pullrequest:updated} also comes for a title edit; the head is then one built already.
     */
    private ProviderEvent cloudPullRequestHead(PayloadNode payload) {
        PayloadNode pull = payload.get("pullrequest");
        PayloadNode source = pull.at("source.repository");
        PullRequest request = PullRequests.of(pull.get("id"), pull.at("source.branch.name"), pull.at("destination.branch.name"),
                cloudFork(source, pull.at("destination.repository")), null, pull.at("links.html.href"), pull.get("title"));
        PayloadNode author = pull.get("author");
        return new ProviderEvent.PullRequestHead(request, pull.at("source.commit.hash").commit(),
                PayloadNode.author(author.get("display_name").optionalText().or(() -> author.get("nickname").optionalText()), Optional.empty())
                        .orElse(null),
                source.get("full_name").optionalText().orElse("a deleted repository"));
    }

    /** Told by the repositories' uuids, else their full names; a source that is not named is a fork's. */
    private static boolean cloudFork(PayloadNode source, PayloadNode destination) {
        for (String field : List.of("uuid", "full_name")) {
            Optional<String> from = source.get(field).optionalText();
            Optional<String> to = destination.get(field).optionalText();
            if (from.isPresent() && to.isPresent()) {
                return !from.get().equalsIgnoreCase(to.get());
            }
        }
        return true;
    }

    private ProviderEvent cloudMerge(PayloadNode payload) {
        PayloadNode pull = payload.get("pullrequest");
        PayloadNode merger = pull.get("closed_by").present() ? pull.get("closed_by") : payload.get("actor");
        Author author = PayloadNode.author(merger.get("display_name").optionalText().or(() -> merger.get("nickname").optionalText()),
                Optional.empty()).orElse(null);
        BranchName target = pull.at("destination.branch.name").branch();
        return new ProviderEvent.PullRequestEnded(pull.get("id").positiveInt(), target, PullRequestOutcome.MERGED, Optional.of(
                new BranchChange(target, pull.at("merge_commit.hash").commit(), author, pull.get("title").optionalText().orElse(""), Trigger.MERGE)));
    }

    /** Cloud reports a commit's author as Git wrote it ({@code raw}), and the account if it knows one. */
    private static Author cloudAuthor(PayloadNode author) {
        Optional<String> raw = author.get("raw").optionalText();
        if (raw.isPresent()) {
            Matcher named = RAW_AUTHOR.matcher(raw.get());
            if (named.matches()) {
                return PayloadNode.author(Optional.of(named.group(1)), Optional.of(named.group(2))).orElse(null);
            }
            return PayloadNode.author(raw, Optional.empty()).orElse(null);
        }
        return PayloadNode.author(author.at("user.display_name").optionalText(), Optional.empty()).orElse(null);
    }

    private ProviderEvent serverPush(PayloadNode payload) {
        List<BranchChange> changes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (PayloadNode change : payload.get("changes").requiredElements()) {
            String type = change.get("type").text();
            String refType = change.at("ref.type").text();
            String name = change.at("ref.displayId").optionalText().orElse(change.get("refId").optionalText().orElse(""));
            if (!refType.equals("BRANCH")) {
                ignored.add(refType.toLowerCase(java.util.Locale.ROOT) + " " + Quoted.of(name) + " is not a branch; only branches are built");
            } else if (type.equals("DELETE")) {
                ignored.add("branch " + Quoted.of(name) + " was deleted");
            } else {
                PayloadNode commit = serverCommit(payload, change.get("toHash").text());
                changes.add(new BranchChange(change.at("ref.id").branch(), change.get("toHash").commit(),
                        PayloadNode.author(commit.at("author.name").optionalText(), commit.at("author.emailAddress").optionalText()).orElse(null),
                        commit.get("message").optionalText().orElse(""), Trigger.PUSH));
            }
        }
        return ProviderEvent.of(changes, ignored.isEmpty() ? List.of("the push changed no branch") : ignored);
    }

    /**
     * Data Center 8+ lists the pushed commits ({@code commits}, most recent first, a few only) and
     * {@code toCommit}; older versions send neither, and the event then has no author.
     */
    private static PayloadNode serverCommit(PayloadNode payload, String hash) {
        for (PayloadNode commit : payload.get("commits").elements()) {
            if (hash.equalsIgnoreCase(commit.get("id").optionalText().orElse(""))) {
                return commit;
            }
        }
        PayloadNode toCommit = payload.get("toCommit");
        return hash.equalsIgnoreCase(toCommit.get("id").optionalText().orElse("")) ? toCommit : PayloadNode.root(null);
    }

    /**
     * Data Center keeps every pull request's head, a fork's too, at
     * {@code refs/pull-requests/<id>/from} of the target repository. {@code pr:from_ref_updated}
     * comes only when the source branch moved.
     */
    private ProviderEvent serverPullRequestHead(PayloadNode payload) {
        PayloadNode pull = payload.get("pullRequest");
        PayloadNode source = pull.at("fromRef.repository");
        PullRequest request = PullRequests.of(pull.get("id"), pull.at("fromRef.id"), pull.at("toRef.id"),
                serverFork(source, pull.at("toRef.repository")), "refs/pull-requests/{number}/from",
                pull.at("links.self").elements().stream().findFirst().orElse(PayloadNode.root(null)).get("href"), pull.get("title"));
        PayloadNode author = pull.at("author.user");
        return new ProviderEvent.PullRequestHead(request, pull.at("fromRef.latestCommit").commit(),
                PayloadNode.author(author.get("displayName").optionalText().or(() -> author.get("name").optionalText()),
                        author.get("emailAddress").optionalText()).orElse(null),
                source.at("project.key").optionalText().orElse("?") + "/" + source.get("slug").optionalText().orElse("?"));
    }

    /** Told by the repositories' ids, else their project keys and slugs; a source that is not named is a fork's. */
    private static boolean serverFork(PayloadNode source, PayloadNode target) {
        Optional<String> from = source.get("id").number();
        Optional<String> to = target.get("id").number();
        if (from.isPresent() && to.isPresent()) {
            return !from.equals(to);
        }
        Optional<String> fromName = source.at("project.key").optionalText().flatMap(key -> source.get("slug").optionalText().map(slug -> key + "/" + slug));
        Optional<String> toName = target.at("project.key").optionalText().flatMap(key -> target.get("slug").optionalText().map(slug -> key + "/" + slug));
        return fromName.isEmpty() || !fromName.get().equalsIgnoreCase(toName.orElse(""));
    }

    private ProviderEvent serverMerge(PayloadNode payload) {
        PayloadNode pull = payload.get("pullRequest");
        PayloadNode actor = payload.get("actor");
        Author author = PayloadNode.author(actor.get("displayName").optionalText().or(() -> actor.get("name").optionalText()),
                actor.get("emailAddress").optionalText()).orElse(null);
        BranchName target = pull.at("toRef.id").branch();
        return new ProviderEvent.PullRequestEnded(pull.get("id").positiveInt(), target, PullRequestOutcome.MERGED, Optional.of(
                new BranchChange(target, pull.at("properties.mergeCommit.id").commit(), author, pull.get("title").optionalText().orElse(""),
                        Trigger.MERGE)));
    }
}
