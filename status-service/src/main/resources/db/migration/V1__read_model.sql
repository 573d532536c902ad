-- The read model of status-service: what every pipeline record said, projected into plans, builds,
-- stage entries, environments and timelines. Everything here can be rebuilt from the topics (stop
-- the service, delete the database directory, start it: it reads every topic from the beginning).

-- Where the service is in each partition: the last offset applied, stored in the same transaction
-- as the read-model change that record made, so a record is applied exactly once.
CREATE TABLE consumed_partitions (
    topic          VARCHAR(255) NOT NULL,
    partition_no   INT          NOT NULL,
    last_offset    BIGINT       NOT NULL,
    PRIMARY KEY (topic, partition_no)
);

-- Every record read, with the broker's timestamp: the age of the oldest unprocessed record of a
-- lagging consumer group is looked up here.
CREATE TABLE consumed_records (
    topic          VARCHAR(255) NOT NULL,
    partition_no   INT          NOT NULL,
    record_offset  BIGINT       NOT NULL,
    record_time    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (topic, partition_no, record_offset)
);

-- Event ids already applied: Kafka delivers at least once, and a stage may emit the same event
-- again (artifact-service answers a repeated commit with the build's very ArtifactStored).
CREATE TABLE applied_events (
    event_id       UUID         NOT NULL PRIMARY KEY,
    topic          VARCHAR(255) NOT NULL,
    partition_no   INT          NOT NULL,
    record_offset  BIGINT       NOT NULL
);

-- One row per build: a CommitReceived that got (or may still get) a number. Rows are created by
-- whichever of a build's events arrives first and filled in by the others.
CREATE TABLE builds (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    plan            VARCHAR(63)   NOT NULL,
    number          BIGINT,
    request_id      UUID,
    rebuild         BOOLEAN       DEFAULT FALSE NOT NULL,
    trigger_kind    VARCHAR(16),
    commit_sha      VARCHAR(64),
    branch          VARCHAR(255),
    repository      VARCHAR(2048),
    author_name     VARCHAR(1024),
    author_email    VARCHAR(1024),
    message         CHARACTER LARGE OBJECT,
    commit_seen     BOOLEAN       DEFAULT FALSE NOT NULL,
    received_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    reason          CHARACTER LARGE OBJECT,
    failed_stage    VARCHAR(16),
    artifact_url    VARCHAR(2048),
    artifact_sha256 VARCHAR(80),
    artifact_size   BIGINT,
    image_reference VARCHAR(1024),
    image_digest    VARCHAR(80),
    image_tags      CHARACTER LARGE OBJECT,
    CONSTRAINT one_build_per_number UNIQUE (plan, number)
);
CREATE INDEX builds_by_plan ON builds (plan, received_at);
CREATE INDEX builds_by_commit ON builds (plan, commit_sha);

-- The CommitReceived events (requests) a build answers: its own, and those of the same commit
-- that artifact-service answered with the same build.
CREATE TABLE build_requests (
    request_id     UUID   NOT NULL PRIMARY KEY,
    build_id       BIGINT NOT NULL REFERENCES builds (id) ON DELETE CASCADE
);
CREATE INDEX build_requests_by_build ON build_requests (build_id);

-- A stage's work on a build, one row per input event (the CommitReceived for artifact, the
-- ArtifactStored for image, each DeployRequested for deploy).
CREATE TABLE stage_entries (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    build_id         BIGINT      NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
    stage            VARCHAR(16) NOT NULL,
    environment      VARCHAR(63),
    input_event_id   UUID        NOT NULL,
    state            VARCHAR(16) NOT NULL,
    queued_at        TIMESTAMP(3) WITH TIME ZONE,
    started_at       TIMESTAMP(3) WITH TIME ZONE,
    progressed_at    TIMESTAMP(3) WITH TIME ZONE,
    finished_at      TIMESTAMP(3) WITH TIME ZONE,
    reason           CHARACTER LARGE OBJECT,
    detail           VARCHAR(64),
    url              VARCHAR(2048),
    -- deploy: the app the target runs it as; a later deployment that runs as the same app (a stable
    -- environment's next build, a rollback) replaces it, and replaced_by says by which build.
    app_id           VARCHAR(255),
    replaced_at      TIMESTAMP(3) WITH TIME ZONE,
    replaced_by      BIGINT,
    CONSTRAINT one_entry_per_input UNIQUE (build_id, stage, input_event_id)
);
CREATE INDEX stage_entries_by_input ON stage_entries (input_event_id);
CREATE INDEX stage_entries_finished ON stage_entries (stage, finished_at);
CREATE INDEX stage_entries_by_app ON stage_entries (app_id);

-- Where each environment of a plan stands: the latest deployment asked for there that was not
-- superseded (derived from the deploy stage entries after each change).
CREATE TABLE environments (
    plan           VARCHAR(63)  NOT NULL,
    environment    VARCHAR(63)  NOT NULL,
    build_number   BIGINT,
    state          VARCHAR(16)  NOT NULL,
    url            VARCHAR(2048),
    reason         CHARACTER LARGE OBJECT,
    detail         VARCHAR(64),
    updated_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (plan, environment)
);

-- Records parked on a dead-letter topic, and records status-service itself could not read.
CREATE TABLE dead_letters (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    topic           VARCHAR(255) NOT NULL,
    partition_no    INT          NOT NULL,
    record_offset   BIGINT       NOT NULL,
    original_topic  VARCHAR(255),
    reason          CHARACTER LARGE OBJECT NOT NULL,
    record_time     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    plan            VARCHAR(63),
    event_id        UUID,
    CONSTRAINT one_dead_letter_per_record UNIQUE (topic, partition_no, record_offset)
);
CREATE INDEX dead_letters_by_time ON dead_letters (record_time);

-- What happened to a build, one line per event, oldest first.
CREATE TABLE timeline (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    build_id       BIGINT       NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
    event_time     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    event_type     VARCHAR(32)  NOT NULL,
    stage          VARCHAR(16),
    environment    VARCHAR(63),
    summary        CHARACTER LARGE OBJECT NOT NULL,
    event_id       UUID
);
CREATE INDEX timeline_by_build ON timeline (build_id, event_time);
