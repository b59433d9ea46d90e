-- What reads a stream's releases reads the few it needs, whatever the length of its history: the newest release
-- of a status (the DEPLOYED one; DEPLOYED and DELETED ones for a rollback; the live ones of an account for the
-- name-clash check), the releases with an operation underway, the release that changed last, and whether a
-- deployment id was used by an older release.
CREATE INDEX releases_by_status ON releases (status, name, version);
CREATE INDEX releases_underway ON releases (name, version) WHERE status = 'UNKNOWN' OR owner <> '';
CREATE INDEX releases_by_change ON releases (name, last_deployed, version);
CREATE INDEX release_apps_by_id ON release_apps (name, deployment_id);
