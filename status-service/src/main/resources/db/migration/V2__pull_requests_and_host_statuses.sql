-- Issue 15: a build that previews a pull request knows it; commit statuses wait in an outbox until
-- the Git host has them.

-- The pull request a build previews (from its CommitReceived, ArtifactStored or ImageBuilt); null
-- for a build of the plan's own branch. Its title is the author's text: shown escaped, never trusted.
ALTER TABLE builds ADD COLUMN pr_number INT;
ALTER TABLE builds ADD COLUMN pr_title VARCHAR(1024);
ALTER TABLE builds ADD COLUMN pr_url VARCHAR(2048);
CREATE INDEX builds_by_pull_request ON builds (plan, pr_number);

-- Commit statuses to report to the Git host, written in the transaction that projected their event
-- (so none is lost and none is reported for an event the read model did not take), sent by
-- hoststatus.HostStatusSender. Per (commit, context) only the newest is sent; older unsent ones are
-- replaced, so the host never sees a pending after the success.
CREATE TABLE host_status_outbox (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    plan            VARCHAR(63)   NOT NULL,
    commit_sha      VARCHAR(64)   NOT NULL,
    repository      VARCHAR(2048),
    context         VARCHAR(255)  NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    description     VARCHAR(1024) NOT NULL,
    target_url      VARCHAR(2048) NOT NULL,
    event_time      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    -- queued, sent, replaced (a newer one of its commit and context came first), no-host, given-up
    outcome         VARCHAR(16)   NOT NULL,
    attempts        INT           DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    last_answer     VARCHAR(1024)
);
CREATE INDEX host_status_outbox_queued ON host_status_outbox (outcome, next_attempt_at);
CREATE INDEX host_status_outbox_by_key ON host_status_outbox (commit_sha, context);
