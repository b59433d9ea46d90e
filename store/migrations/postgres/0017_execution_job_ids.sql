-- The batch job executions a run recorded, kept for executions imported from SCDF (SQLite's 0017).
ALTER TABLE task_executions ADD COLUMN job_execution_ids TEXT NOT NULL DEFAULT '';
