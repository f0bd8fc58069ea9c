-- The change log: every write that alters what readers see records, in its
-- own transaction, the cache tags it touches, and notifies the channel
-- warta_changes with the row's id; every instance LISTENs and drops what it
-- names.
CREATE TABLE changes (
	id         BIGSERIAL PRIMARY KEY,
	tags       TEXT NOT NULL,           -- space-separated cache tags
	created_at TIMESTAMPTZ NOT NULL
);
