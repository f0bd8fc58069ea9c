-- The outbox: every email warta sends is first a row here, written in the
-- same transaction as whatever causes it (a reply approved, a password
-- reset asked for), then sent by the mail worker of one `warta serve`.
--
-- message holds the whole RFC 5322 message (headers and body) as it was
-- composed, so a resend after a crash carries the same Message-ID, which
-- message_id repeats for lookups. A worker claims a row by writing its name
-- into claimed_by and a lease end into claimed_until; a lease that runs out
-- (the worker died) lets another worker claim the row again. status is
-- 'queued' until the server answered 250 ('sent') or the worker gave up
-- ('failed': a permanent refusal, or too many attempts).
CREATE TABLE mail_outbox (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id      TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL,
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	message         BLOB NOT NULL,
	status          TEXT NOT NULL DEFAULT 'queued',
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMP NOT NULL,
	claimed_by      TEXT NOT NULL DEFAULT '',
	claimed_until   TIMESTAMP,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMP NOT NULL,
	sent_at         TIMESTAMP
);
-- The worker's question: which queued rows are due?
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
