-- What each registered app version says about its options, read once when it is registered so that `app info`,
-- completion and deploys never go to the network for it. options is a JSON array; found is 0 when the app
-- carries no configuration metadata at all; source is the URI it was read from.
CREATE TABLE app_metadata (
    type     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    version  TEXT    NOT NULL,
    source   TEXT    NOT NULL,
    found    INTEGER NOT NULL,
    options  TEXT    NOT NULL,
    read_at  TEXT    NOT NULL,
    PRIMARY KEY (type, name, version)
);
