-- Stream releases, as Skipper kept them: one row per version of a stream's deployment, never rewritten but for
-- its status, and the platform objects (deployment ids) each version's apps run as.
CREATE TABLE releases (
    name            TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    platform        TEXT    NOT NULL,
    status          TEXT    NOT NULL, -- UNKNOWN (underway), DEPLOYED, DELETED, FAILED
    description     TEXT    NOT NULL,
    package_version TEXT    NOT NULL DEFAULT '1.0.0',
    first_deployed  TEXT    NOT NULL,
    last_deployed   TEXT    NOT NULL,
    config          TEXT    NOT NULL, -- JSON: each app's resource, version and properties (what a redeploy needs)
    manifest        TEXT    NOT NULL, -- Skipper's manifest, secrets masked (what users read)
    owner           TEXT    NOT NULL DEFAULT '', -- pid and start time of the process running an operation underway
    PRIMARY KEY (name, version)
);
CREATE TABLE release_apps (
    name          TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    label         TEXT    NOT NULL,
    deployment_id TEXT    NOT NULL,
    handle        TEXT    NOT NULL DEFAULT '', -- the platform's own way to find the app again
    PRIMARY KEY (name, version, label)
);
