-- 0055_comment_search (SQLite): the REST API's ?search= of comments through
-- an index instead of a LIKE over every comment.
--
-- WordPress finds a comment whose text holds the search as a substring,
-- ignoring case. FTS5's trigram tokenizer indexes every three characters
-- of a comment, so a search of three characters or more, asked as one
-- quoted phrase, finds exactly the comments holding it (store/wpapi.go);
-- shorter ones still read the comments. Contentless: the text stays in
-- the comments table, and contentless_delete lets a row be deleted by its
-- id alone. The rowid is the comment's id.
CREATE VIRTUAL TABLE comment_search USING fts5(
    content,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram'
);

INSERT INTO comment_search (rowid, content) SELECT id, content FROM comments;

-- Every write of a comment's text, by any path (a reader's form, the
-- newsroom, an import, a cascade from its article), keeps the index.
CREATE TRIGGER comment_search_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comment_search (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER comment_search_update AFTER UPDATE OF content ON comments BEGIN
    DELETE FROM comment_search WHERE rowid = old.id;
    INSERT INTO comment_search (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER comment_search_delete AFTER DELETE ON comments BEGIN
    DELETE FROM comment_search WHERE rowid = old.id;
END;
