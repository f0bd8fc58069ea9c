-- 0021_corrections: corrections, updates and rights of reply attached to a
-- story, as the Dewan Pers guideline for online media asks: each a dated
-- entry shown at the end of the story, listed on the public corrections
-- page and its feed. body is plain text as the newsroom typed it (for a
-- right of reply, the party's statement, never edited); party names who
-- replies and statement_url links their own statement. Deleting the
-- story deletes its entries.
CREATE TABLE corrections (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL CHECK (kind IN ('correction', 'update', 'reply')),
	body          TEXT NOT NULL DEFAULT '',
	party         TEXT NOT NULL DEFAULT '',
	statement_url TEXT NOT NULL DEFAULT '',
	author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at    TIMESTAMP NOT NULL
);
CREATE INDEX corrections_article ON corrections (article_id, created_at);
-- The corrections page and feed: newest first, across the site.
CREATE INDEX corrections_created ON corrections (created_at DESC, id DESC);
