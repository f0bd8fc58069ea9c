-- 0008_app_passwords (SQLite): WordPress application passwords, with which
-- REST clients sign in over HTTP Basic instead of with the account's own
-- password.
--
-- Only a SHA-256 hash of each password is kept: the password itself is 24
-- random letters and digits (about 142 bits), shown once when it is made,
-- so a slow password hash would add nothing but cost on every request.
-- uuid names the password in the newsroom, the CLI and the audit log.
-- last_used_at and last_ip are NULL/empty until the first use.
CREATE TABLE app_passwords (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid         TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    last_ip      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX app_passwords_user ON app_passwords (user_id);
