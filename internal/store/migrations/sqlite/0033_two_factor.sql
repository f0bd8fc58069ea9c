-- Two-factor sign-in of newsroom users with TOTP (RFC 6238). secret is
-- the shared key in base32, needed in clear to compute codes; confirmed_at
-- stays NULL while the user is enrolling (scanned the QR code but has not
-- typed a code yet), and only a confirmed key is asked at sign-in.
-- last_step is the time step of the last code accepted: a code is taken
-- only for a later step, so a code seen over a shoulder cannot be used
-- again, on any instance.
CREATE TABLE user_totp (
	user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret       TEXT NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	confirmed_at TIMESTAMP,
	last_step    BIGINT NOT NULL DEFAULT 0
);
-- Recovery codes: only their SHA-256; each works once (used_at).
CREATE TABLE recovery_codes (
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at   TIMESTAMP,
	PRIMARY KEY (user_id, code_hash)
);
