-- One row per newsletter issue: a breaking-news alert or a daily or
-- weekly digest. message_prefix starts the Message-IDs of its messages
-- ('alert-12-', 'digest-daily-20260427-'); being unique, it makes an
-- issue go once however often it is asked for. A worker fills the outbox
-- from it in batches of subscribers, in id order: queued_through is the
-- last subscriber id it queued for (the batch after a restart starts
-- there), queued how many messages it queued, filled_at when it was done.
-- audience is how many subscribers it was for when it was created, for
-- the newsroom's progress. article_id is the alert's article; period_from
-- and period_until bound a digest's articles. purged_sent keeps the count
-- of its sent messages the outbox has since forgotten (after 30 days).
CREATE TABLE newsletter_issues (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	message_prefix TEXT NOT NULL UNIQUE,
	kind           TEXT NOT NULL CHECK (kind IN ('alert', 'daily', 'weekly')),
	title          TEXT NOT NULL DEFAULT '',
	article_id     INTEGER,
	period_from    TIMESTAMP,
	period_until   TIMESTAMP,
	created_at     TIMESTAMP NOT NULL,
	audience       INTEGER NOT NULL DEFAULT 0,
	queued_through INTEGER NOT NULL DEFAULT 0,
	queued         INTEGER NOT NULL DEFAULT 0,
	filled_at      TIMESTAMP,
	purged_sent    INTEGER NOT NULL DEFAULT 0
);
-- The filler's question: which issues are not filled yet?
CREATE INDEX newsletter_issues_unfilled ON newsletter_issues (filled_at);

-- The issue a newsletter message belongs to, for its counts.
ALTER TABLE mail_outbox ADD COLUMN issue_id INTEGER;
CREATE INDEX mail_outbox_issue ON mail_outbox (issue_id, status);

-- The issue whose unsubscribe link the subscriber followed.
ALTER TABLE newsletter_subscribers ADD COLUMN unsubscribed_issue INTEGER;
CREATE INDEX newsletter_subscribers_unsubscribed_issue ON newsletter_subscribers (unsubscribed_issue);
