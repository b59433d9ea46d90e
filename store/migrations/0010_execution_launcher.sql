-- The dataflow process that launched an execution (pid and start time), so that a launch interrupted before the
-- platform's id was recorded is noticed instead of staying LAUNCHING for ever.
ALTER TABLE task_executions ADD COLUMN launcher TEXT NOT NULL DEFAULT '';
