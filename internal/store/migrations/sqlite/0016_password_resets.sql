-- "Forgot password" links of newsroom users: only the SHA-256 of the
-- link's secret is kept. A reset works once (used_at) and until
-- expires_at, an hour after it was asked for.
CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at    TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);
