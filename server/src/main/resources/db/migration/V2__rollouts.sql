-- Staged rollouts: a snapshot version that reaches a growing percentage of its target, stage by
-- stage, and can be paused, resumed or aborted (docs/protocol.md "Rollouts").

CREATE TABLE rollouts (
    id                VARCHAR(40) PRIMARY KEY,
    service           VARCHAR(100) NOT NULL,
    version           BIGINT NOT NULL,
    stages            VARCHAR(200) NOT NULL,
    stage_seconds     BIGINT NOT NULL,
    stage_index       BIGINT NOT NULL,
    stage_started_at  BIGINT NOT NULL,
    state             VARCHAR(12) NOT NULL,
    reason            VARCHAR(2000),
    updated_at        BIGINT NOT NULL,
    CONSTRAINT rollouts_version UNIQUE (service, version)
);
