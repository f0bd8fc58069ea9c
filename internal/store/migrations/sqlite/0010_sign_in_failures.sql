-- Failed sign-ins, one row each, so that every instance on one database
-- counts the same failures: auth.Throttle reads the recent rows of an
-- account subject ("login:…") and an address subject ("ip:…") and works out from
-- them whether either is locked and until when. A successful sign-in
-- deletes the account's rows; rows older than the longest lockout are
-- pruned.
CREATE TABLE sign_in_failures (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	subject   TEXT NOT NULL,
	failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (subject, failed_at);
CREATE INDEX sign_in_failures_time ON sign_in_failures (failed_at);
