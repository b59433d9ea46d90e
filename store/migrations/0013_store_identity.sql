-- The store's identity: made once, when the store is created, and never changed (a copied store keeps it). Every
-- object dataflow makes on a platform carries it, so that a store recognises its own objects and leaves those
-- of other stores, of SCDF and of people alone. The one row is written by the migration's Go step (crypto/rand).
CREATE TABLE store_identity (
    singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    id        TEXT    NOT NULL
);
