-- Foundation: the app registry, command history and audit records.
CREATE TABLE apps (
    id           INTEGER PRIMARY KEY,
    type         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    uri          TEXT    NOT NULL,
    metadata_uri TEXT    NOT NULL DEFAULT '',
    boot_version TEXT    NOT NULL DEFAULT '',
    is_default   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    UNIQUE (type, name, version)
);
CREATE INDEX apps_by_name ON apps (name, type);

CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    line       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE audit_records (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    operation   TEXT NOT NULL,
    action      TEXT NOT NULL,
    correlation TEXT NOT NULL,
    platform    TEXT NOT NULL DEFAULT '',
    result      TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT ''
);
