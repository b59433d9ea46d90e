-- The task database's schema target of an execution (SQLite's 0014).
ALTER TABLE task_executions ADD COLUMN schema_target TEXT NOT NULL DEFAULT '';
