-- Lineage in the data map (docs/data-governance.md "Lineage"): a flow names the table.column its values were read
-- from, so the consumers table gains the source in its key ('' while unknown). The table is rebuilt rather than
-- altered: dropping a primary key has no syntax common to H2 and PostgreSQL.
CREATE TABLE data_flows (
    service     VARCHAR(100) NOT NULL,
    kind        VARCHAR(20) NOT NULL,
    name        VARCHAR(500) NOT NULL,
    data_type   VARCHAR(100) NOT NULL,
    source      VARCHAR(200) NOT NULL,
    consumer    VARCHAR(200) NOT NULL,
    reports     BIGINT NOT NULL,
    suppressed  BIGINT NOT NULL,
    vals        BIGINT NOT NULL,
    first_seen  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    PRIMARY KEY (service, kind, name, data_type, source, consumer)
);

INSERT INTO data_flows (service, kind, name, data_type, source, consumer, reports, suppressed, vals, first_seen, last_seen)
    SELECT service, kind, name, data_type, '', consumer, reports, suppressed, vals, first_seen, last_seen FROM data_consumers;

DROP TABLE data_consumers;
