-- 0049_import_jobs (SQLite): the newsroom's WordPress imports, kept in the
-- database rather than in the memory of the instance that runs them, so
-- that any instance shows a job's progress and report, and a job whose
-- instance stopped shows as interrupted (its heartbeat goes stale) instead
-- of vanishing.
--
-- state: running, done (report set), refused (problem set: a malformed or
-- refused file, nothing written) or failed. report and skips are JSON
-- written by internal/admin: the report's counts and notes, and the list
-- of skipped records, read only by its download.
CREATE TABLE import_jobs (
    id         TEXT PRIMARY KEY,
    file_name  TEXT NOT NULL,
    started_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    started_at TIMESTAMP NOT NULL,
    heartbeat  TIMESTAMP NOT NULL,
    state      TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'refused', 'failed')),
    phase      TEXT NOT NULL DEFAULT 'check',
    done       INTEGER NOT NULL DEFAULT 0,
    total      INTEGER NOT NULL DEFAULT 0,
    problem    TEXT NOT NULL DEFAULT '',
    report     TEXT NOT NULL DEFAULT '',
    skips      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_jobs_started ON import_jobs (started_at);
