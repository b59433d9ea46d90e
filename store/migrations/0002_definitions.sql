-- Stream and task definitions (the DSL text as created).
CREATE TABLE stream_definitions (
    name        TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE task_definitions (
    name        TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    composed_parent TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX task_definitions_by_parent ON task_definitions (composed_parent);
