-- External destinations in the data map (docs/data-governance.md "Destinations"): an asset of kind
-- 'destination' is a host:port or kafka:<topic> the services send personal data to. The kind column grows
-- to hold that name. Numbered 4.1 as an amendment of V4, which created the column.
ALTER TABLE data_assets ALTER COLUMN kind SET DATA TYPE VARCHAR(20);
ALTER TABLE data_consumers ALTER COLUMN kind SET DATA TYPE VARCHAR(20);
