-- 0013_kept_counts (SQLite): what lists, counts and sitemaps read, kept up
-- to date by triggers in the same transaction as every write, so that no
-- page's cost grows with the archive (a newsroom holds 10^5 to 10^6
-- articles, and crawlers walk all of it).
--
-- Triggers rather than Go code: every writer (the newsroom, the REST API,
-- imports, scheduled publishing, a user's deletion moving their bylines,
-- a term's deletion) keeps the counts exactly right without having to
-- remember to.
--
-- A post is listed when it is a published post. Months are UTC, as yyyymm:
-- times are stored as "2024-04-26 03:00:00.5+00:00", always in UTC.

-- 1. The listing key on the link tables. pub is the article's published_at
-- while it is a listed post, NULL otherwise, so a category, tag or author
-- archive reads one range of its own index, newest first, instead of
-- walking every published post to find those carrying the term.
ALTER TABLE article_terms ADD COLUMN pub TIMESTAMP;
ALTER TABLE article_authors ADD COLUMN pub TIMESTAMP;
UPDATE article_terms SET pub = (SELECT a.published_at FROM articles a
    WHERE a.id = article_terms.article_id AND a.type = 'post' AND a.status = 'published');
UPDATE article_authors SET pub = (SELECT a.published_at FROM articles a
    WHERE a.id = article_authors.article_id AND a.type = 'post' AND a.status = 'published');
CREATE INDEX article_terms_pub ON article_terms (term_id, pub DESC, article_id DESC) WHERE pub IS NOT NULL;
CREATE INDEX article_authors_pub ON article_authors (user_id, pub DESC, article_id DESC) WHERE pub IS NOT NULL;

-- 2. Listed posts per month: scope 'all' (ref 0), 'term' (ref: the term's
-- id) or 'author' (ref: the user's id, any byline). A list's total is the
-- sum of its months (a few hundred rows at most), and page N of a list is
-- found by walking the months to the one holding its first post, then
-- reading that month's index range only: deep pages seek, not OFFSET.
CREATE TABLE post_counts (
    scope TEXT NOT NULL CHECK (scope IN ('all', 'term', 'author')),
    ref   INTEGER NOT NULL,
    month INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (scope, ref, month)
) WITHOUT ROWID; -- a list's months lie together, in a page or two
INSERT INTO post_counts (scope, ref, month, n)
    SELECT 'all', 0, CAST(substr(published_at, 1, 4) || substr(published_at, 6, 2) AS INTEGER) AS m, COUNT(*)
    FROM articles WHERE type = 'post' AND status = 'published' GROUP BY m;
INSERT INTO post_counts (scope, ref, month, n)
    SELECT 'term', term_id, CAST(substr(pub, 1, 4) || substr(pub, 6, 2) AS INTEGER) AS m, COUNT(*)
    FROM article_terms WHERE pub IS NOT NULL GROUP BY term_id, m;
INSERT INTO post_counts (scope, ref, month, n)
    SELECT 'author', user_id, CAST(substr(pub, 1, 4) || substr(pub, 6, 2) AS INTEGER) AS m, COUNT(*)
    FROM article_authors WHERE pub IS NOT NULL GROUP BY user_id, m;

-- 3. Sitemap pages: published posts and pages by id ranges of 1,000
-- (bucket = id / 1000; store.SitemapBucket), with how many each holds and
-- when one of them last changed. The sitemap index reads this table only;
-- a sitemap page reads its id range of the primary key.
CREATE TABLE sitemap_pages (
    type    TEXT NOT NULL,
    bucket  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    lastmod TIMESTAMP NOT NULL,
    PRIMARY KEY (type, bucket)
) WITHOUT ROWID;
INSERT INTO sitemap_pages (type, bucket, n, lastmod)
    SELECT type, id / 1000 AS b, COUNT(*), MAX(modified_at)
    FROM articles WHERE status = 'published' GROUP BY type, b;

-- The triggers. The month of a time t is
-- CAST(substr(t, 1, 4) || substr(t, 6, 2) AS INTEGER).

CREATE TRIGGER kept_article_insert AFTER INSERT ON articles
WHEN NEW.status = 'published'
BEGIN
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'all', 0, CAST(substr(NEW.published_at, 1, 4) || substr(NEW.published_at, 6, 2) AS INTEGER), 1
        WHERE NEW.type = 'post'
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
    INSERT INTO sitemap_pages (type, bucket, n, lastmod) VALUES (NEW.type, NEW.id / 1000, 1, NEW.modified_at)
        ON CONFLICT (type, bucket) DO UPDATE SET n = n + 1, lastmod = max(lastmod, excluded.lastmod);
END;

-- The links' rows go with the article (ON DELETE CASCADE) and their own
-- trigger counts them out.
CREATE TRIGGER kept_article_delete AFTER DELETE ON articles
WHEN OLD.status = 'published'
BEGIN
    UPDATE post_counts SET n = n - 1
        WHERE OLD.type = 'post' AND scope = 'all' AND ref = 0
        AND month = CAST(substr(OLD.published_at, 1, 4) || substr(OLD.published_at, 6, 2) AS INTEGER);
    UPDATE sitemap_pages SET n = n - 1,
        lastmod = max(lastmod, strftime('%Y-%m-%d %H:%M:%f', 'now') || '+00:00')
        WHERE type = OLD.type AND bucket = OLD.id / 1000;
END;

-- A change of status, type or publication time moves the article in or
-- out of the lists (and its links' listing key with it).
CREATE TRIGGER kept_article_listed AFTER UPDATE OF type, status, published_at ON articles
WHEN (OLD.type = 'post' AND OLD.status = 'published') <> (NEW.type = 'post' AND NEW.status = 'published')
    OR (NEW.type = 'post' AND NEW.status = 'published' AND OLD.published_at IS NOT NEW.published_at)
BEGIN
    UPDATE post_counts SET n = n - 1
        WHERE OLD.type = 'post' AND OLD.status = 'published' AND scope = 'all' AND ref = 0
        AND month = CAST(substr(OLD.published_at, 1, 4) || substr(OLD.published_at, 6, 2) AS INTEGER);
    UPDATE post_counts SET n = n - 1
        WHERE scope = 'term' AND month = CAST(substr(OLD.published_at, 1, 4) || substr(OLD.published_at, 6, 2) AS INTEGER)
        AND ref IN (SELECT term_id FROM article_terms WHERE article_id = OLD.id AND pub IS NOT NULL);
    UPDATE post_counts SET n = n - 1
        WHERE scope = 'author' AND month = CAST(substr(OLD.published_at, 1, 4) || substr(OLD.published_at, 6, 2) AS INTEGER)
        AND ref IN (SELECT user_id FROM article_authors WHERE article_id = OLD.id AND pub IS NOT NULL);
    UPDATE article_terms SET pub = CASE WHEN NEW.type = 'post' AND NEW.status = 'published' THEN NEW.published_at END
        WHERE article_id = NEW.id;
    UPDATE article_authors SET pub = CASE WHEN NEW.type = 'post' AND NEW.status = 'published' THEN NEW.published_at END
        WHERE article_id = NEW.id;
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'all', 0, CAST(substr(NEW.published_at, 1, 4) || substr(NEW.published_at, 6, 2) AS INTEGER), 1
        WHERE NEW.type = 'post' AND NEW.status = 'published'
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'term', term_id, CAST(substr(pub, 1, 4) || substr(pub, 6, 2) AS INTEGER), 1
        FROM article_terms WHERE article_id = NEW.id AND pub IS NOT NULL
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'author', user_id, CAST(substr(pub, 1, 4) || substr(pub, 6, 2) AS INTEGER), 1
        FROM article_authors WHERE article_id = NEW.id AND pub IS NOT NULL
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
END;

-- Any change to a published (or formerly published) article changes its
-- sitemap page: its lastmod, and its count when it enters or leaves.
CREATE TRIGGER kept_article_sitemap AFTER UPDATE ON articles
WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN
    UPDATE sitemap_pages SET n = n - 1
        WHERE OLD.status = 'published' AND type = OLD.type AND bucket = OLD.id / 1000;
    INSERT INTO sitemap_pages (type, bucket, n, lastmod)
        VALUES (NEW.type, NEW.id / 1000, NEW.status = 'published', NEW.modified_at)
        ON CONFLICT (type, bucket) DO UPDATE SET n = n + excluded.n, lastmod = max(lastmod, excluded.lastmod);
END;

CREATE TRIGGER kept_term_link AFTER INSERT ON article_terms
BEGIN
    UPDATE article_terms SET pub = (SELECT a.published_at FROM articles a
            WHERE a.id = NEW.article_id AND a.type = 'post' AND a.status = 'published')
        WHERE article_id = NEW.article_id AND term_id = NEW.term_id;
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'term', NEW.term_id, CAST(substr(a.published_at, 1, 4) || substr(a.published_at, 6, 2) AS INTEGER), 1
        FROM articles a WHERE a.id = NEW.article_id AND a.type = 'post' AND a.status = 'published'
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kept_term_unlink AFTER DELETE ON article_terms
WHEN OLD.pub IS NOT NULL
BEGIN
    UPDATE post_counts SET n = n - 1 WHERE scope = 'term' AND ref = OLD.term_id
        AND month = CAST(substr(OLD.pub, 1, 4) || substr(OLD.pub, 6, 2) AS INTEGER);
END;

CREATE TRIGGER kept_term_relink AFTER UPDATE OF term_id ON article_terms
WHEN OLD.pub IS NOT NULL AND OLD.term_id <> NEW.term_id
BEGIN
    UPDATE post_counts SET n = n - 1 WHERE scope = 'term' AND ref = OLD.term_id
        AND month = CAST(substr(OLD.pub, 1, 4) || substr(OLD.pub, 6, 2) AS INTEGER);
    INSERT INTO post_counts (scope, ref, month, n)
        VALUES ('term', NEW.term_id, CAST(substr(OLD.pub, 1, 4) || substr(OLD.pub, 6, 2) AS INTEGER), 1)
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kept_author_link AFTER INSERT ON article_authors
BEGIN
    UPDATE article_authors SET pub = (SELECT a.published_at FROM articles a
            WHERE a.id = NEW.article_id AND a.type = 'post' AND a.status = 'published')
        WHERE article_id = NEW.article_id AND user_id = NEW.user_id;
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'author', NEW.user_id, CAST(substr(a.published_at, 1, 4) || substr(a.published_at, 6, 2) AS INTEGER), 1
        FROM articles a WHERE a.id = NEW.article_id AND a.type = 'post' AND a.status = 'published'
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kept_author_unlink AFTER DELETE ON article_authors
WHEN OLD.pub IS NOT NULL
BEGIN
    UPDATE post_counts SET n = n - 1 WHERE scope = 'author' AND ref = OLD.user_id
        AND month = CAST(substr(OLD.pub, 1, 4) || substr(OLD.pub, 6, 2) AS INTEGER);
END;

-- Deleting a user moves their bylines to another user.
CREATE TRIGGER kept_author_relink AFTER UPDATE OF user_id ON article_authors
WHEN OLD.pub IS NOT NULL AND OLD.user_id <> NEW.user_id
BEGIN
    UPDATE post_counts SET n = n - 1 WHERE scope = 'author' AND ref = OLD.user_id
        AND month = CAST(substr(OLD.pub, 1, 4) || substr(OLD.pub, 6, 2) AS INTEGER);
    INSERT INTO post_counts (scope, ref, month, n)
        VALUES ('author', NEW.user_id, CAST(substr(OLD.pub, 1, 4) || substr(OLD.pub, 6, 2) AS INTEGER), 1)
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER kept_term_delete AFTER DELETE ON terms
BEGIN
    DELETE FROM post_counts WHERE scope = 'term' AND ref = OLD.id;
END;

CREATE TRIGGER kept_user_delete AFTER DELETE ON users
BEGIN
    DELETE FROM post_counts WHERE scope = 'author' AND ref = OLD.id;
END;
