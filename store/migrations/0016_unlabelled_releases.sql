-- Releases recorded before dataflow labelled platform objects with the store's identity (0013): their objects
-- carry dataflow's labels but no store id. The store claims them as its own (docs/design.md, "Ownership on the platform"): an object without an
-- identity that dataflow made for a deployment id of one of these releases is this store's. Releases recorded
-- from now on are not (the default), so a store made later never claims what another store made before.
ALTER TABLE releases ADD COLUMN unlabelled INTEGER NOT NULL DEFAULT 0;
UPDATE releases SET unlabelled = 1;
