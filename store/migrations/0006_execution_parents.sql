-- The steps of a composed run point at its parent execution; a restarted run points at the run it resumes.
ALTER TABLE task_executions ADD COLUMN parent_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_executions ADD COLUMN restart_of INTEGER NOT NULL DEFAULT 0;
CREATE INDEX task_executions_by_parent ON task_executions (parent_id) WHERE parent_id <> 0;
