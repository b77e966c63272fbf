-- Runtime inventory, advisories and virtual patches (docs/protocol.md "Inventory", docs/server.md).

-- The newest inventory each agent reported; replaced whole by a higher inventoryVersion.
CREATE TABLE inventories (
    agent_id      VARCHAR(40) PRIMARY KEY,
    version       BIGINT NOT NULL,
    hash          VARCHAR(64),
    collected_at  BIGINT,
    received_at   BIGINT NOT NULL,
    jdk           VARCHAR,
    app_server    VARCHAR,
    jars          BIGINT NOT NULL
);

CREATE TABLE inventory_jars (
    agent_id  VARCHAR(40) NOT NULL,
    seq       INT NOT NULL,
    path      VARCHAR(2000) NOT NULL,
    kind      VARCHAR(10) NOT NULL,
    size      BIGINT,
    sha256    VARCHAR(64),
    error     VARCHAR(500),
    PRIMARY KEY (agent_id, seq)
);

CREATE TABLE inventory_components (
    agent_id      VARCHAR(40) NOT NULL,
    seq           INT NOT NULL,
    grp           VARCHAR(200),
    artifact      VARCHAR(200) NOT NULL,
    version       VARCHAR(100),
    source        VARCHAR(20) NOT NULL,
    relocated_to  VARCHAR(200)
);
CREATE INDEX inventory_components_ga ON inventory_components (artifact, grp);
CREATE INDEX inventory_components_agent ON inventory_components (agent_id);

-- Imported OSV files, kept as sent: the advisories are what parsing them gives (docs/advisories.md).
CREATE TABLE advisory_files (
    id           VARCHAR(40) PRIMARY KEY,
    name         VARCHAR(300) NOT NULL,
    content      VARCHAR NOT NULL,
    advisories   BIGINT NOT NULL,
    imported_at  BIGINT NOT NULL,
    imported_by  VARCHAR(100) NOT NULL
);

-- Each agent's report of each virtual patch (ACK and heartbeat): active, waiting-for-class, out-of-scope, failed.
CREATE TABLE agent_patches (
    agent_id  VARCHAR(40) NOT NULL,
    patch_id  VARCHAR(64) NOT NULL,
    version   BIGINT NOT NULL,
    state     VARCHAR(30) NOT NULL,
    classes   BIGINT,
    detail    VARCHAR(1000),
    at        BIGINT NOT NULL,
    PRIMARY KEY (agent_id, patch_id)
);
