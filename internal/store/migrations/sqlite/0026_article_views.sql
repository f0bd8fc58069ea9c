-- Reads of each article, per hour, as the site counts them (first party,
-- no cookies, no personal data): each instance adds what it counted since
-- its last flush. "Terpopuler" sums the last 24 hours or 7 days; hours
-- older than the longest window are deleted, their reads kept in
-- article_view_totals.
CREATE TABLE article_views (
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	hour       TIMESTAMP NOT NULL,
	views      INTEGER NOT NULL,
	PRIMARY KEY (article_id, hour)
);
CREATE INDEX article_views_hour ON article_views (hour, article_id);
CREATE TABLE article_view_totals (
	article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	views      INTEGER NOT NULL
);
