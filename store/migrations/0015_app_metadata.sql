-- What each registered app version says about its options, read once when it is registered so that `app info`,
-- completion and deploys never go to the network for it. options is a JSON array; found is 0 when the app
-- carries no configuration metadata at all; source is the URI it was read from. visible holds the visible options
-- alone, what completion and `app info` read: a Boot app's whole metadata runs to thousands of options, and
-- options comes last so that reading the others does not walk its overflow pages.
CREATE TABLE app_metadata (
    type     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    version  TEXT    NOT NULL,
    source   TEXT    NOT NULL,
    found    INTEGER NOT NULL,
    read_at  TEXT    NOT NULL,
    visible  TEXT    NOT NULL,
    options  TEXT    NOT NULL,
    PRIMARY KEY (type, name, version)
);
