-- Newsletter subscribers, apart from the reply notifications'
-- mail_recipients: another consent. An address gets newsletters only once
-- confirmed_at is set (double opt-in: it followed the link of the
-- confirmation message), while unsubscribed_at and bounced_at (a hard
-- bounce reported by the SMTP server) are not. token is in every
-- newsletter's manage and one-click unsubscribe links. frequency is how
-- often digests go ('daily', 'weekly' or 'none'); breaking (0 or 1) asks
-- for breaking-news alerts; sections lists the category ids the digests
-- cover, comma separated, '' for every section. email is lower-cased.
CREATE TABLE newsletter_subscribers (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	email           TEXT NOT NULL UNIQUE,
	token           TEXT NOT NULL UNIQUE,
	lang            TEXT NOT NULL DEFAULT '',
	frequency       TEXT NOT NULL DEFAULT 'weekly' CHECK (frequency IN ('daily', 'weekly', 'none')),
	breaking        INTEGER NOT NULL DEFAULT 1,
	sections        TEXT NOT NULL DEFAULT '',
	asked_at        TIMESTAMP NOT NULL,
	confirmed_at    TIMESTAMP,
	unsubscribed_at TIMESTAMP,
	bounced_at      TIMESTAMP
);
