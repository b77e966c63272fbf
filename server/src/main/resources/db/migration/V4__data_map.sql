-- The data map (docs/data-governance.md "The data map"): the agents' data events aggregated as they
-- are ingested, so that reading the map costs the number of assets, not the number of events.

-- No secondary index: with few distinct types, H2 picked an index on data_type over the primary key for the
-- ingest's UPDATEs (126x slower batches, bench/run-datamap.sh); reads scan these small tables.

-- One row per service, asset (an endpoint as method and path pattern, or a logger), data type and UTC day.
CREATE TABLE data_assets (
    service     VARCHAR(100) NOT NULL,
    kind        VARCHAR(10) NOT NULL,
    name        VARCHAR(500) NOT NULL,
    data_type   VARCHAR(100) NOT NULL,
    day_utc     VARCHAR(10) NOT NULL,
    lvl         INT NOT NULL,
    reports     BIGINT NOT NULL,
    suppressed  BIGINT NOT NULL,
    vals        BIGINT NOT NULL,
    first_seen  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    PRIMARY KEY (service, kind, name, data_type, day_utc)
);

-- Who received the type from the asset: the caller's role and address class, or the log library.
CREATE TABLE data_consumers (
    service     VARCHAR(100) NOT NULL,
    kind        VARCHAR(10) NOT NULL,
    name        VARCHAR(500) NOT NULL,
    data_type   VARCHAR(100) NOT NULL,
    consumer    VARCHAR(200) NOT NULL,
    reports     BIGINT NOT NULL,
    suppressed  BIGINT NOT NULL,
    vals        BIGINT NOT NULL,
    first_seen  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    PRIMARY KEY (service, kind, name, data_type, consumer)
);

-- Data events per service, rule and UTC day: the violations over time of the data metrics.
CREATE TABLE data_violations (
    service     VARCHAR(100) NOT NULL,
    rule_id     VARCHAR(200) NOT NULL,
    day_utc     VARCHAR(10) NOT NULL,
    reports     BIGINT NOT NULL,
    suppressed  BIGINT NOT NULL,
    vals        BIGINT NOT NULL,
    first_seen  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    PRIMARY KEY (service, rule_id, day_utc)
);
