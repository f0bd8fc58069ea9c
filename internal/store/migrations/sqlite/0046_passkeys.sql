-- Passkeys (WebAuthn credentials) of newsroom users. credential_id is the
-- authenticator's id of the credential, unique across users; credential is
-- the whole credential as the WebAuthn library keeps it (JSON: the public
-- key, its flags, the authenticator's signature counter and transports),
-- rewritten after each sign-in with the counter it reported. name is what
-- the user called it on their profile.
CREATE TABLE passkeys (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	credential_id BLOB NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	credential    TEXT NOT NULL,
	created_at    TIMESTAMP NOT NULL,
	last_used_at  TIMESTAMP
);
CREATE INDEX passkeys_user ON passkeys (user_id);
