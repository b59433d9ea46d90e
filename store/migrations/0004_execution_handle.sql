-- What the platform needs to find a running execution again (the local supervisor's pid and start time).
ALTER TABLE task_executions ADD COLUMN platform_handle TEXT NOT NULL DEFAULT '';
