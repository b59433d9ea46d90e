-- What a platform learnt about an account and may use next time instead of asking again: a Cloud Foundry
-- account's login endpoints and the GUIDs of its org and space. A cache, never secret: a platform checks what
-- it recalls and replaces what turned out wrong.
CREATE TABLE platform_memos (
    account TEXT NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (account, key)
);
