-- What each registered app version says about its options (SQLite's 0015, where the columns are explained).
CREATE TABLE app_metadata (
    type     TEXT    COLLATE "C" NOT NULL,
    name     TEXT    COLLATE "C" NOT NULL,
    version  TEXT    COLLATE "C" NOT NULL,
    source   TEXT    NOT NULL,
    found    BOOLEAN NOT NULL,
    read_at  TEXT    NOT NULL,
    visible  TEXT    NOT NULL,
    options  TEXT    NOT NULL,
    PRIMARY KEY (type, name, version)
);
