-- Who is editing an article now: the newsroom's editor takes the lock on
-- opening and renews it while the page is open; another writer sees
-- "being edited by X" and may take it over. An expired lock is free.
CREATE TABLE article_locks (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL
);
