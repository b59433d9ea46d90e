-- Apps of a stream that a failed or interrupted cleanup could not remove. Every later command on the stream
-- removes them first, so that what the store says and what runs meet again; until then they are what the
-- store knows to be still on the platform although no release runs them.
CREATE TABLE leftovers (
    stream          TEXT    NOT NULL,
    platform        TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    deployment_id   TEXT    NOT NULL,
    handle          TEXT    NOT NULL DEFAULT '',
    release_version INTEGER NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    PRIMARY KEY (stream, deployment_id)
);
