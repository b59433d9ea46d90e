-- Task executions: what was launched, where, and how it ended.
CREATE TABLE task_executions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    task_name     TEXT    NOT NULL,
    platform      TEXT    NOT NULL,
    resource      TEXT    NOT NULL,
    arguments     TEXT    NOT NULL DEFAULT '',
    properties    TEXT    NOT NULL DEFAULT '',
    external_id   TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL,
    exit_code     INTEGER,
    exit_message  TEXT    NOT NULL DEFAULT '',
    log_path      TEXT    NOT NULL DEFAULT '',
    start_time    TEXT    NOT NULL,
    end_time      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX task_executions_by_name ON task_executions (task_name, id);
