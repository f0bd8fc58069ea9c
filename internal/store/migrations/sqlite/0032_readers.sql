-- Readers' accounts: no password; a reader signs in with a link mailed to
-- their address. A row is made when a link is first used, so an address
-- nobody proved to own never becomes an account. email is stored
-- lower-cased; name is the name the reader last commented under, offered
-- on the comment form.
CREATE TABLE readers (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT '',
	created_at    TIMESTAMP NOT NULL,
	signed_in_at  TIMESTAMP NOT NULL
);
-- Sign-in links: only the SHA-256 of the link's secret is kept. A link
-- works once (used_at) and until expires_at; created_at bounds how many an
-- address is sent.
CREATE TABLE reader_links (
	token_hash TEXT PRIMARY KEY,
	email      TEXT NOT NULL,
	next_path  TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at    TIMESTAMP
);
CREATE INDEX reader_links_email ON reader_links (email, created_at);
-- Readers' sessions, apart from the newsroom's (sessions): they grant
-- nothing but the reader's own account. The cookie holds id.secret; the
-- row only the secret's hash.
CREATE TABLE reader_sessions (
	id           TEXT PRIMARY KEY,
	reader_id    INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
	secret_hash  TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX reader_sessions_reader ON reader_sessions (reader_id);
