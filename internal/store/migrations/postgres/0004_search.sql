-- 0004_search (PostgreSQL): the full-text index of articles.
--
-- What is indexed is not the article's own text but what internal/analyze
-- makes of it (lowercased, folded, stop words removed, stemmed in the
-- article's language), written by the store in the same transaction as the
-- article. The SQLite twin indexes the very same words with FTS5.
--
-- The 'simple' configuration only lowercases: the words are already
-- analyzed, and PostgreSQL's own stemmers know no Indonesian. The title is
-- weighted A and the body B, so ts_rank weighs title over body.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    doc        TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')
    ) STORED
);
CREATE INDEX article_search_doc ON article_search USING GIN (doc);
