-- The task database's schema target (boot2, boot3) of an execution whose row is there, '' for one launched
-- without a task database: its id is then dataflow's alone.
ALTER TABLE task_executions ADD COLUMN schema_target TEXT NOT NULL DEFAULT '';
