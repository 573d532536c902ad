package dev.slipway.status.projection;

import dev.slipway.events.ArtifactStored;
import dev.slipway.events.CommitReceived;
import dev.slipway.events.DeployRequested;
import dev.slipway.events.DeploymentFinished;
import dev.slipway.events.ImageBuilt;
import dev.slipway.events.PipelineEvent;
import dev.slipway.events.PullRequestClosed;
import dev.slipway.events.StageFailed;
import dev.slipway.events.StageProgressed;
import dev.slipway.events.domain.BuildId;
import dev.slipway.events.domain.CommitSha;
import dev.slipway.events.domain.EventId;
import dev.slipway.events.domain.PlanName;
import dev.slipway.events.domain.Progress;
import dev.slipway.events.domain.PullRequest;
import dev.slipway.events.domain.Stage;
import dev.slipway.status.builds.Build;
import dev.slipway.status.builds.BuildStore;
import dev.slipway.status.builds.EntryState;
import dev.slipway.status.builds.StageEntry;
import dev.slipway.status.database.Sql;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The projection rules: what each event changes in the read model. Events of one build come from
 * different topics and partitions, so in any order: a build's row is made by whichever of its
 * events comes first and filled in by the others, found by its number when the event has one and
 * by its request (the CommitReceived event id, which the event names as its cause) otherwise.
 */
final class Projector {
    private static final String ARTIFACT = Stage.ARTIFACT.json();
    private static final String IMAGE = Stage.IMAGE.json();
    private static final String DEPLOY = Stage.DEPLOY.json();

    private Projector() {
    }

    /** @return the ids of the builds the event changed */
    static Set<Long> apply(Sql sql, PipelineEvent event) throws SQLException {
        if (event instanceof CommitReceived e) {
            return commitReceived(sql, e);
        } else if (event instanceof ArtifactStored e) {
            return artifactStored(sql, e);
        } else if (event instanceof ImageBuilt e) {
            return imageBuilt(sql, e);
        } else if (event instanceof DeployRequested e) {
            return deployRequested(sql, e);
        } else if (event instanceof DeploymentFinished e) {
            return deploymentFinished(sql, e);
        } else if (event instanceof StageFailed e) {
            return stageFailed(sql, e);
        } else if (event instanceof PullRequestClosed e) {
            return pullRequestClosed(sql, e);
        }
        return stageProgressed(sql, (StageProgressed) event);
    }

    /**
     * The build an event belongs to, made if none is known yet: by number when the event has one,
     * by request otherwise (a CommitReceived is its own request).
     */
    static Build locate(Sql sql, PipelineEvent event) throws SQLException {
        if (event instanceof PullRequestClosed e) {
            // Not a build's event: it belongs to the pull request's latest preview build (made if none is known).
            Optional<Build> preview = BuildStore.latestPreview(sql, e.plan(), e.number());
            return preview.isPresent() ? preview.get() : BuildStore.create(sql, e.plan(), null, null, null, e.time());
        }
        if (event instanceof CommitReceived e) {
            return byRequest(sql, e.eventId(), e.plan(), e.commit(), e.time());
        } else if (event instanceof ArtifactStored e) {
            Optional<Build> byRequest = BuildStore.byRequest(sql, e.causationId().value());
            return byRequest.isPresent() ? byRequest.get() : byNumber(sql, e.build(), e.commit(), e.time());
        } else if (event instanceof ImageBuilt e) {
            return byNumber(sql, e.build(), e.commit(), e.time());
        } else if (event instanceof DeployRequested e) {
            return byNumber(sql, e.build(), e.commit(), e.time());
        } else if (event instanceof DeploymentFinished e) {
            return byNumber(sql, e.build(), e.commit(), e.time());
        } else if (event instanceof StageFailed e) {
            return e.build() != null ? byNumber(sql, e.build(), e.commit(), e.time())
                    : byRequest(sql, e.causationId(), e.plan(), e.commit(), e.time());
        }
        StageProgressed e = (StageProgressed) event;
        return e.build() != null ? byNumber(sql, e.build(), e.commit(), e.time())
                : byRequest(sql, e.causationId(), e.plan(), e.commit(), e.time());
    }

    private static Set<Long> commitReceived(Sql sql, CommitReceived event) throws SQLException {
        UUID request = event.eventId().value();
        Optional<Build> own = BuildStore.byRequest(sql, request);
        if (own.isEmpty() && !event.rebuild()) {
            // artifact-service builds a plan's commit once: a later request for it is answered with
            // that build (its very ArtifactStored), so this request is that build, received again.
            Optional<Build> built = BuildStore.numberedByCommit(sql, event.plan(), event.commit().value())
                    .filter(build -> build.request() != null);
            if (built.isPresent()) {
                return receivedAgain(sql, event, built.get());
            }
        }
        Build build = own.isPresent() ? own.get() : BuildStore.create(sql, event.plan(), request, null, event.commit().value(), event.time());
        if (build.request() != null && !build.request().equals(request)) {
            return receivedAgain(sql, event, build);
        }
        BuildStore.fillCommit(sql, build.id(), event.trigger().json(), event.rebuild(), event.commit().value(), event.branch().value(),
                event.repository().withoutUserInfo().value(), event.author() == null ? null : event.author().name(),
                event.author() == null ? null : event.author().email(), event.message(), event.time());
        previewOf(sql, build.id(), event.pullRequest());
        StageEntry artifact = BuildStore.entry(sql, build.id(), ARTIFACT, request, null);
        BuildStore.save(sql, queued(artifact, event.time()));
        BuildStore.timeline(sql, build.id(), event.time(), "commit-received", null, null, Sentences.received(event), request);
        return changed(sql, build.id(), event.time());
    }

    private static Set<Long> receivedAgain(Sql sql, CommitReceived event, Build build) throws SQLException {
        BuildStore.linkRequest(sql, event.eventId().value(), build.id());
        BuildStore.timeline(sql, build.id(), event.time(), "commit-received", null, null,
                Sentences.receivedAgain(event.trigger().json(), build.number() == null ? 0 : build.number()), event.eventId().value());
        return changed(sql, build.id(), event.time());
    }

    private static Set<Long> artifactStored(Sql sql, ArtifactStored event) throws SQLException {
        UUID request = event.causationId().value();
        long number = event.build().number().value();
        Optional<Build> byRequest = BuildStore.byRequest(sql, request);
        Optional<Build> byNumber = BuildStore.byNumber(sql, event.plan(), number);
        Build build;
        if (byNumber.isPresent() && byRequest.isPresent() && byNumber.get().id() != byRequest.get().id()) {
            if (byNumber.get().request() == null) {
                // The number's row was made by a later event before this: it is the request's own build.
                BuildStore.absorb(sql, byNumber.get(), byRequest.get());
                build = byRequest.get();
            } else {
                // artifact-service recognised the commit of a second request: one build, received twice.
                BuildStore.merge(sql, byRequest.get(), byNumber.get(), Sentences.receivedAgain(byRequest.get().trigger(), number));
                build = byNumber.get();
            }
        } else if (byNumber.isPresent()) {
            build = byNumber.get();
            BuildStore.adoptRequest(sql, build.id(), request);
        } else if (byRequest.isPresent()) {
            build = byRequest.get();
        } else {
            build = BuildStore.create(sql, event.plan(), request, null, event.commit().value(), event.time());
        }
        BuildStore.number(sql, build.id(), number, event.artifactUrl().toString(), event.sha256().value(), event.sizeBytes());
        BuildStore.fillSource(sql, build.id(), event.commit().value(), event.branch().value(), event.repository().withoutUserInfo().value());
        previewOf(sql, build.id(), event.pullRequest());
        StageEntry artifact = BuildStore.entry(sql, build.id(), ARTIFACT, request, null);
        BuildStore.save(sql, finished(artifact, EntryState.SUCCEEDED, event.time(), null, null));
        StageEntry image = BuildStore.entry(sql, build.id(), IMAGE, event.eventId().value(), null);
        BuildStore.save(sql, queued(image, event.time()));
        for (Build pending : BuildStore.pendingByCommit(sql, event.plan(), event.commit().value())) {
            if (pending.id() != build.id()) {
                BuildStore.merge(sql, pending, BuildStore.byId(sql, build.id()).orElseThrow(), Sentences.receivedAgain(pending.trigger(), number));
            }
        }
        BuildStore.timeline(sql, build.id(), event.time(), "artifact-stored", ARTIFACT, null, Sentences.stored(event), event.eventId().value());
        return changed(sql, build.id(), event.time());
    }

    private static Set<Long> imageBuilt(Sql sql, ImageBuilt event) throws SQLException {
        Build build = byNumber(sql, event.build(), event.commit(), event.time());
        BuildStore.image(sql, build.id(), event.image().toString(), event.image().digest().value(),
                event.tags().stream().map(Object::toString).toList());
        previewOf(sql, build.id(), event.pullRequest());
        StageEntry image = BuildStore.entry(sql, build.id(), IMAGE, event.causationId().value(), null);
        BuildStore.save(sql, finished(image, EntryState.SUCCEEDED, event.time(), null, null));
        BuildStore.timeline(sql, build.id(), event.time(), "image-built", IMAGE, null, Sentences.imageBuilt(event), event.eventId().value());
        return changed(sql, build.id(), event.time());
    }

    private static Set<Long> deployRequested(Sql sql, DeployRequested event) throws SQLException {
        Build build = byNumber(sql, event.build(), event.commit(), event.time());
        String environment = event.environment().value();
        StageEntry deploy = BuildStore.entry(sql, build.id(), DEPLOY, event.eventId().value(), environment);
        StageEntry queued = queued(deploy, event.time());
        BuildStore.save(sql, queued.with(queued.state(), queued.queuedAt(), queued.startedAt(), queued.progressedAt(), queued.finishedAt(),
                queued.reason(), event.reason().json(), queued.url()));
        BuildStore.timeline(sql, build.id(), event.time(), "deploy-requested", DEPLOY, environment, Sentences.deployRequested(event),
                event.eventId().value());
        Set<Long> changed = changed(sql, build.id(), event.time());
        BuildStore.refreshEnvironment(sql, event.plan(), environment);
        return changed;
    }

    private static Set<Long> deploymentFinished(Sql sql, DeploymentFinished event) throws SQLException {
        Build build = byNumber(sql, event.build(), event.commit(), event.time());
        String environment = event.environment().value();
        StageEntry deploy = BuildStore.entry(sql, build.id(), DEPLOY, event.causationId().value(), environment);
        EntryState state = switch (event.state()) {
            case RUNNING -> EntryState.SUCCEEDED;
            case SUPERSEDED -> EntryState.SUPERSEDED;
            case ROLLED_BACK -> EntryState.ROLLED_BACK;
            case REMOVED -> EntryState.REMOVED;
            default -> EntryState.FAILED;
        };
        StageEntry done = finished(deploy, state, event.time(), event.reason(), event.url() == null ? null : event.url().toString());
        BuildStore.save(sql, done);
        BuildStore.timeline(sql, build.id(), event.time(), "deployment-finished", DEPLOY, environment, Sentences.deploymentFinished(event),
                event.eventId().value());
        Set<Long> changed = new LinkedHashSet<>();
        if (state == EntryState.SUCCEEDED && event.appId() != null) {
            // A stable environment's app runs one build at a time: this one took it over from the builds before
            // (its next build, a rollback), unless a later deployment has taken it over already.
            for (long replaced : BuildStore.runAs(sql, event.plan(), done.id(), event.appId(), event.time(), event.build().number().value())) {
                changed.addAll(changed(sql, replaced, event.time()));
            }
        }
        changed.addAll(changed(sql, build.id(), event.time()));
        BuildStore.refreshEnvironment(sql, event.plan(), environment);
        return changed;
    }

    /**
     * A pull request closed: a line in the timeline of its latest preview build on the plan (the
     * preview's removal itself comes as that build's DeploymentFinished, removed). When no build of
     * it is known (its events were never read), there is no timeline to tell.
     */
    private static Set<Long> pullRequestClosed(Sql sql, PullRequestClosed event) throws SQLException {
        Optional<Build> preview = BuildStore.latestPreview(sql, event.plan(), event.number());
        if (preview.isEmpty()) {
            return Set.of(); // no build of it to tell: a row of its own would show as the plan's latest build
        }
        Build build = preview.get();
        String environment = PullRequest.environmentOf(event.number()).value();
        BuildStore.timeline(sql, build.id(), event.time(), "pull-request-closed", DEPLOY, environment, Sentences.pullRequestClosed(event),
                event.eventId().value());
        return changed(sql, build.id(), event.time());
    }

    private static void previewOf(Sql sql, long buildId, PullRequest pullRequest) throws SQLException {
        if (pullRequest != null) {
            BuildStore.previewOf(sql, buildId, pullRequest);
        }
    }

    private static Set<Long> stageFailed(Sql sql, StageFailed event) throws SQLException {
        Build build = locate(sql, event);
        String stage = event.stage().json();
        UUID input = event.causationId().value();
        // A deployment's failure names its request, whose entry knows the environment.
        String environment = BuildStore.entryByInput(sql, stage, input).map(StageEntry::environment).orElse(null);
        StageEntry entry = BuildStore.entry(sql, build.id(), stage, input, environment);
        BuildStore.save(sql, finished(entry, EntryState.FAILED, event.time(), event.reason(), entry.url()));
        BuildStore.timeline(sql, build.id(), event.time(), "stage-failed", stage, environment, Sentences.failed(event), event.eventId().value());
        Set<Long> changed = changed(sql, build.id(), event.time());
        if (environment != null) {
            BuildStore.refreshEnvironment(sql, event.plan(), environment);
        }
        return changed;
    }

    private static Set<Long> stageProgressed(Sql sql, StageProgressed event) throws SQLException {
        Build build = locate(sql, event);
        String stage = event.stage().json();
        String environment = event.environment() == null ? null : event.environment().value();
        StageEntry entry = BuildStore.entry(sql, build.id(), stage, event.causationId().value(), environment);
        BuildStore.save(sql, progressed(entry, event.progress(), event.time(), event.detail()));
        BuildStore.timeline(sql, build.id(), event.time(), "stage-progressed", stage, environment, Sentences.progressed(event),
                event.eventId().value());
        Set<Long> changed = changed(sql, build.id(), event.time());
        if (environment != null) {
            BuildStore.refreshEnvironment(sql, event.plan(), environment);
        }
        return changed;
    }

    // ---- finding or making rows

    private static Build byNumber(Sql sql, BuildId id, CommitSha commit, Instant time) throws SQLException {
        Optional<Build> build = BuildStore.byNumber(sql, id.plan(), id.number().value());
        return build.isPresent() ? build.get()
                : BuildStore.create(sql, id.plan(), null, id.number().value(), commit == null ? null : commit.value(), time);
    }

    private static Build byRequest(Sql sql, EventId request, PlanName plan, CommitSha commit, Instant time) throws SQLException {
        Optional<Build> build = BuildStore.byRequest(sql, request.value());
        return build.isPresent() ? build.get()
                : BuildStore.create(sql, plan, request.value(), null, commit == null ? null : commit.value(), time);
    }

    private static Set<Long> changed(Sql sql, long buildId, Instant time) throws SQLException {
        BuildStore.touch(sql, buildId, time);
        BuildStore.refreshState(sql, buildId);
        Set<Long> changed = new LinkedHashSet<>();
        changed.add(buildId);
        return changed;
    }

    // ---- stage entries: a late event never undoes what a later one said

    private static StageEntry queued(StageEntry entry, Instant time) {
        if (entry.queuedAt() != null && !time.isBefore(entry.queuedAt())) {
            return entry;
        }
        return entry.with(entry.state(), time, entry.startedAt(), entry.progressedAt(), entry.finishedAt(), entry.reason(),
                entry.detail(), entry.url());
    }

    private static StageEntry progressed(StageEntry entry, Progress progress, Instant time, String detail) {
        Instant startedAt = entry.startedAt();
        if (progress == Progress.STARTED && (startedAt == null || time.isBefore(startedAt))) {
            startedAt = time;
        }
        boolean newer = entry.progressedAt() == null || !time.isBefore(entry.progressedAt());
        if (entry.state().finished() || !newer) {
            return entry.with(entry.state(), entry.queuedAt(), startedAt, entry.progressedAt(), entry.finishedAt(), entry.reason(),
                    entry.detail(), entry.url());
        }
        EntryState state = progress == Progress.WAITING ? EntryState.WAITING : EntryState.RUNNING;
        return entry.with(state, entry.queuedAt(), startedAt, time, entry.finishedAt(), progress == Progress.WAITING ? detail : null,
                entry.detail(), entry.url());
    }

    private static StageEntry finished(StageEntry entry, EntryState state, Instant time, String reason, String url) {
        if (entry.finishedAt() != null && entry.finishedAt().isAfter(time)) {
            return entry; // a later outcome is known already
        }
        return entry.with(state, entry.queuedAt(), entry.startedAt(), entry.progressedAt(), time, reason, entry.detail(), url);
    }
}
