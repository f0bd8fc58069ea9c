-- 0004_search (SQLite): the full-text index of articles.
--
-- What is indexed is not the article's own text but what internal/analyze
-- makes of it (lowercased, folded, stop words removed, stemmed in the
-- article's language), written by the store in the same transaction as the
-- article. The PostgreSQL twin indexes the very same words in a tsvector, so
-- both engines find the same articles.
--
-- The analyzed words are plain letters and digits separated by spaces, so
-- FTS5's unicode61 tokenizer keeps each one whole; diacritics are already
-- folded by the analyzer (remove_diacritics 0 leaves them alone).
--
-- The rowid is the article's id. title and body are ranked separately
-- (bm25 weighs title over body).
CREATE VIRTUAL TABLE article_search USING fts5(
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- A search checks each match's status and type and ranks it by age. Read
-- from the table, those columns sit after the body in the row, so SQLite
-- would walk the body's overflow pages for every match (most of a search's
-- time on a large archive); this covering index answers without the row.
CREATE INDEX articles_search_filter ON articles (id, status, type, published_at);

-- FTS5 tables take no foreign keys: the index row goes with its article.
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
END;
