-- 0012_audit_via: how a change was made when nobody was signed in to make
-- it: 'cli' for the warta command (user add, passwd, role, app-password),
-- '' for the newsroom.
ALTER TABLE audit_log ADD COLUMN via TEXT NOT NULL DEFAULT '';
