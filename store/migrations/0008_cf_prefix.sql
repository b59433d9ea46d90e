-- The random part of a Cloud Foundry account's app names (SCDF's enableRandomAppNamePrefix): made once per
-- account, on its first deploy, and kept, so every app of the account shares it across runs of dataflow.
CREATE TABLE cf_app_prefixes (
    account TEXT NOT NULL PRIMARY KEY,
    prefix  TEXT NOT NULL,
    created TEXT NOT NULL
);
