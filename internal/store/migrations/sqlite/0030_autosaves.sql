-- Autosaved edits of an article already out (published, pending,
-- scheduled): one per article and writer, kept apart from the article so
-- that nothing goes live until the writer saves; a deliberate save drops it.
CREATE TABLE article_autosaves (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      TEXT NOT NULL DEFAULT '',
    body_html  TEXT NOT NULL DEFAULT '', -- sanitized before it is stored
    excerpt    TEXT NOT NULL DEFAULT '',
    saved_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
