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

-- Drills the control plane runs itself, every every_minutes against a registered target's listed endpoints.
-- A replica claims a due schedule by moving next_run_at forward with a compare-and-set, so one run happens
-- per period however many replicas there are.
CREATE TABLE drill_schedules (
    id             VARCHAR(40) PRIMARY KEY,
    target         VARCHAR(300) NOT NULL,
    suite          VARCHAR(1000) NOT NULL,
    endpoints      VARCHAR NOT NULL,
    every_minutes  INT NOT NULL,
    rate           INT NOT NULL,
    benign         BOOLEAN NOT NULL,
    next_run_at    BIGINT NOT NULL,
    last_run       VARCHAR(40),
    last_error     VARCHAR(1000),
    created_at     BIGINT NOT NULL,
    created_by     VARCHAR(200) NOT NULL
);
