-- Red-blue drills (docs/drills.md): the targets an admin allows drills against, and the drill runs with
-- their marker secret (hashed) and result. Events carrying a valid marker are stored with the run id in
-- events.drill, so that real incidents and drills are never confused.

CREATE TABLE drill_targets (
    url         VARCHAR(300) PRIMARY KEY,
    service     VARCHAR(100) NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  VARCHAR(200) NOT NULL
);

CREATE TABLE drill_runs (
    id           VARCHAR(40) PRIMARY KEY,
    target       VARCHAR(300) NOT NULL,
    service      VARCHAR(100) NOT NULL,
    suite        VARCHAR(1000) NOT NULL,
    -- SHA-256 (hex) of the marker secret; the secret itself is shown once, to the caller that started the run
    secret_hash  VARCHAR(64) NOT NULL,
    created_at   BIGINT NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    -- 0 until the result arrives
    finished_at  BIGINT NOT NULL,
    result       VARCHAR
);

CREATE INDEX drill_runs_target ON drill_runs (target, created_at);

ALTER TABLE events ADD COLUMN drill VARCHAR(40);
CREATE INDEX events_drill ON events (drill);
