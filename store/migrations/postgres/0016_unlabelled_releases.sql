-- Releases recorded before dataflow labelled platform objects with the store's identity (SQLite's 0016): the
-- objects they made carry none, and the store claims them as its own; releases recorded from now on are not.
ALTER TABLE releases ADD COLUMN unlabelled INTEGER NOT NULL DEFAULT 0;
UPDATE releases SET unlabelled = 1;
