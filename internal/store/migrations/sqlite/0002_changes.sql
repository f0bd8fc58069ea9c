-- The change log: every write that alters what readers see records, in its
-- own transaction, the cache tags it touches. Page caches in this and other
-- processes read it after PRAGMA data_version moves, and drop what it names.
CREATE TABLE changes (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	tags       TEXT NOT NULL,           -- space-separated cache tags
	created_at TIMESTAMP NOT NULL
);
