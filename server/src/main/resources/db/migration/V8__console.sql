-- The console at fleet scale (docs/protocol.md "Console calls"): indexes for its lists and filters, and a rollup
-- of event counts so that counts over time never scan the events table.

-- Events: the filtered pages (newest first by time within a rule, verdict or type) and the "after" polls, which
-- walk storage order (received_at, id).
-- The id is in each index: pages are ordered by (at, id), and an index that holds both gives the order without a sort.
DROP INDEX events_at;
DROP INDEX events_service_at;
CREATE INDEX events_at ON events (at, id);
CREATE INDEX events_service_at ON events (service, at, id);
CREATE INDEX events_rule_at ON events (rule_id, at, id);
CREATE INDEX events_verdict_at ON events (verdict, at, id);
CREATE INDEX events_type_at ON events (type, at, id);
CREATE INDEX events_agent_at ON events (agent_id, at, id);
CREATE INDEX events_received ON events (received_at, id);

-- Agents: the fleet list in its order, and the stale filter.
CREATE INDEX agents_service_instance ON agents (service, instance_id);
CREATE INDEX agents_last_contact ON agents (last_contact);

-- Audit: newest first within a time range, an actor or an action.
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor ON audit (actor, id);
CREATE INDEX audit_action ON audit (action, id);

-- Drill runs newest first across targets.
CREATE INDEX drill_runs_created ON drill_runs (created_at, id);

-- Event counts kept in the transaction that stores each batch (the batch dedup of event_batches and the per-id dedup
-- of the ingest mean a resent batch adds nothing), so that counts over time never scan the events. Three grains:
--   event_counts       per UTC minute, service, verdict, type, drill (0 real, 1 drill): "events over time" for a day
--                      reads 1,440 minutes of a few cells each; the rule is left out because rules × minutes would
--                      hold about as many cells as there are events;
--   event_counts_hour  per UTC hour, with the rule;
--   event_counts_day   per UTC day, with the rule: "blocks by rule" for a week reads 7 days of cells;
--   event_counts_verdict  per UTC minute and verdict only: the fleet-wide "events over time" chart, a few cells
--                      per minute.
-- A rule or verdict the event lacks is '' here (key columns cannot be NULL).
CREATE TABLE event_counts (
    bucket   BIGINT NOT NULL,
    service  VARCHAR(100) NOT NULL,
    verdict  VARCHAR(20) NOT NULL,
    type     VARCHAR(100) NOT NULL,
    drill    INT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (bucket, service, verdict, type, drill)
);

CREATE TABLE event_counts_hour (
    bucket   BIGINT NOT NULL,
    service  VARCHAR(100) NOT NULL,
    rule_id  VARCHAR(200) NOT NULL,
    verdict  VARCHAR(20) NOT NULL,
    type     VARCHAR(100) NOT NULL,
    drill    INT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (bucket, service, rule_id, verdict, type, drill)
);

CREATE TABLE event_counts_day (
    bucket   BIGINT NOT NULL,
    service  VARCHAR(100) NOT NULL,
    rule_id  VARCHAR(200) NOT NULL,
    verdict  VARCHAR(20) NOT NULL,
    type     VARCHAR(100) NOT NULL,
    drill    INT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (bucket, service, rule_id, verdict, type, drill)
);

CREATE TABLE event_counts_verdict (
    bucket   BIGINT NOT NULL,
    verdict  VARCHAR(20) NOT NULL,
    drill    INT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (bucket, verdict, drill)
);

INSERT INTO event_counts_hour (bucket, service, rule_id, verdict, type, drill, n)
    SELECT (at / 3600000) * 3600000, service, COALESCE(rule_id, ''), COALESCE(verdict, ''), type,
           CASE WHEN drill IS NULL THEN 0 ELSE 1 END, COUNT(*)
    FROM events
    GROUP BY (at / 3600000) * 3600000, service, COALESCE(rule_id, ''), COALESCE(verdict, ''), type, CASE WHEN drill IS NULL THEN 0 ELSE 1 END;

INSERT INTO event_counts_day (bucket, service, rule_id, verdict, type, drill, n)
    SELECT (bucket / 86400000) * 86400000, service, rule_id, verdict, type, drill, SUM(n)
    FROM event_counts_hour
    GROUP BY (bucket / 86400000) * 86400000, service, rule_id, verdict, type, drill;

INSERT INTO event_counts (bucket, service, verdict, type, drill, n)
    SELECT (at / 60000) * 60000, service, COALESCE(verdict, ''), type, CASE WHEN drill IS NULL THEN 0 ELSE 1 END, COUNT(*)
    FROM events
    GROUP BY (at / 60000) * 60000, service, COALESCE(verdict, ''), type, CASE WHEN drill IS NULL THEN 0 ELSE 1 END;

INSERT INTO event_counts_verdict (bucket, verdict, drill, n)
    SELECT bucket, verdict, drill, SUM(n) FROM event_counts GROUP BY bucket, verdict, drill;

-- Virtual patches: since when each agent's report has been active, for the exposure burn-down. Reports before this
-- migration count from their last report.
ALTER TABLE agent_patches ADD COLUMN active_since BIGINT;
UPDATE agent_patches SET active_since = at WHERE state IN ('active', 'waiting-for-class');
