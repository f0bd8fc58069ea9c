-- Readers' addresses that asked for email (reply notifications), with the
-- double opt-in's state: an address gets mail only once confirmed_at is
-- set (the reader followed the link of the confirmation message) and
-- while unsubscribed_at is not. token is in every confirmation and
-- unsubscribe link; asked_at bounds how often a confirmation is sent to
-- one address. email is stored lower-cased.
CREATE TABLE mail_recipients (
	email           TEXT PRIMARY KEY,
	token           TEXT NOT NULL UNIQUE,
	asked_at        TIMESTAMPTZ NOT NULL,
	confirmed_at    TIMESTAMPTZ,
	unsubscribed_at TIMESTAMPTZ
);
