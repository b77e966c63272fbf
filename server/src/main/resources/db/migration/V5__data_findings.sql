-- Data findings (docs/data-governance.md "Findings and time to remediate"): one row per episode of a data
-- rule letting personal data out of one asset, from the first exposing event until it stops.

CREATE TABLE data_findings (
    id          VARCHAR(40) PRIMARY KEY,
    service     VARCHAR(100) NOT NULL,
    rule_id     VARCHAR(200) NOT NULL,
    kind        VARCHAR(20) NOT NULL,
    name        VARCHAR(500) NOT NULL,
    data_types  VARCHAR(1000) NOT NULL,
    opened_at   BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    events      BIGINT NOT NULL,
    -- 0 while open; else when the exposure stopped
    closed_at   BIGINT NOT NULL,
    -- enforced (the rule's block mode contained it), quiet (not seen again for the quiet period), operator
    closed_how  VARCHAR(20),
    closed_by   VARCHAR(200),
    reason      VARCHAR(500),
    -- SHA-256 of service, rule, kind and name while open, NULL once closed: at most one open episode per
    -- asset, also when two replicas or agents fold the first exposing events at once (the loser's batch is
    -- answered 409 and sent again)
    open_key    VARCHAR(64) UNIQUE
);

CREATE INDEX data_findings_asset ON data_findings (service, rule_id, kind, name);
CREATE INDEX data_findings_open ON data_findings (closed_at, last_seen);
