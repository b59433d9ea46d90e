-- The store's identity: made once, when the store is created or first opened by a dataflow that knows it, and
-- never changed. Every platform object the store's commands make carries it, so that no store changes or deletes
-- what another store (or SCDF, or a person) made. 128 random bits, in hex: a valid Kubernetes label value.
CREATE TABLE store_identity (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    id  TEXT    NOT NULL
);
INSERT INTO store_identity (one, id) VALUES (1, lower(hex(randomblob(16))));
