-- The batch job executions a run recorded, as ids written in ascending order and separated by commas ('' for
-- none), kept for executions imported from SCDF: without SCDF's task database here, the store is the only
-- place left that links a task execution to its jobs. A run with a task database row is read from that row.
ALTER TABLE task_executions ADD COLUMN job_execution_ids TEXT NOT NULL DEFAULT '';
