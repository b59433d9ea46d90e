-- Task schedules: what `task schedule create` put on a platform (a CronJob), as the user asked for it. Names are
-- unique across accounts, so `task schedule destroy --name` never has to guess. Properties and arguments are
-- stored redacted; the platform object holds the real values.
CREATE TABLE task_schedules (
    name        TEXT PRIMARY KEY,
    task_name   TEXT NOT NULL,
    platform    TEXT NOT NULL,
    expression  TEXT NOT NULL,
    resource    TEXT NOT NULL,
    arguments   TEXT NOT NULL DEFAULT '',
    properties  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX task_schedules_by_task ON task_schedules (task_name);

-- A run a schedule started is recorded once, when it is first seen on the platform: the schedule that made it,
-- and its platform object (a Job) is unique per account.
ALTER TABLE task_executions ADD COLUMN schedule_name TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX task_executions_scheduled_runs ON task_executions (platform, external_id) WHERE schedule_name <> '';
