-- 0022_takedowns: stories unpublished for a reason the Dewan Pers guideline
-- for online media names (SARA, morality, child protection, victims'
-- trauma, a Dewan Pers decision). The story stays in articles for the
-- newsroom (as a draft); this row makes its old URL, path, answer 410 with
-- the reason, the newsroom's public note and the date, and nothing of the
-- story. One row per story; deleting the story deletes it.
CREATE TABLE takedowns (
	article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	reason     TEXT NOT NULL CHECK (reason IN ('sara', 'morality', 'child', 'trauma', 'dewan_pers')),
	note       TEXT NOT NULL DEFAULT '',
	path       TEXT NOT NULL,
	user_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
	taken_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX takedowns_path ON takedowns (path);
