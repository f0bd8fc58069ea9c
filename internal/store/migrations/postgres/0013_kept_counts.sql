-- 0013_kept_counts (PostgreSQL): what lists, counts and sitemaps read, kept
-- up to date by triggers in the same transaction as every write, so that no
-- page's cost grows with the archive (a newsroom holds 10^5 to 10^6
-- articles, and crawlers walk all of it). The SQLite twin keeps the same
-- tables with the same meaning.
--
-- Triggers rather than Go code: every writer (the newsroom, the REST API,
-- imports, scheduled publishing, a user's deletion moving their bylines,
-- a term's deletion) keeps the counts exactly right without having to
-- remember to.
--
-- A post is listed when it is a published post. Months are UTC, as yyyymm.

-- 1. The listing key on the link tables. pub is the article's published_at
-- while it is a listed post, NULL otherwise, so a category, tag or author
-- archive reads one range of its own index, newest first, instead of
-- walking every published post to find those carrying the term.
ALTER TABLE article_terms ADD COLUMN pub TIMESTAMPTZ;
ALTER TABLE article_authors ADD COLUMN pub TIMESTAMPTZ;
UPDATE article_terms l SET pub = a.published_at FROM articles a
    WHERE a.id = l.article_id AND a.type = 'post' AND a.status = 'published';
UPDATE article_authors l SET pub = a.published_at FROM articles a
    WHERE a.id = l.article_id AND a.type = 'post' AND a.status = 'published';
CREATE INDEX article_terms_pub ON article_terms (term_id, pub DESC, article_id DESC) WHERE pub IS NOT NULL;
CREATE INDEX article_authors_pub ON article_authors (user_id, pub DESC, article_id DESC) WHERE pub IS NOT NULL;

CREATE FUNCTION warta_month(t TIMESTAMPTZ) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT (EXTRACT(YEAR FROM t AT TIME ZONE 'UTC') * 100 + EXTRACT(MONTH FROM t AT TIME ZONE 'UTC'))::integer $$;

-- 2. Listed posts per month: scope 'all' (ref 0), 'term' (ref: the term's
-- id) or 'author' (ref: the user's id, any byline). A list's total is the
-- sum of its months (a few hundred rows at most), and page N of a list is
-- found by walking the months to the one holding its first post, then
-- reading that month's index range only: deep pages seek, not OFFSET.
CREATE TABLE post_counts (
    scope TEXT NOT NULL CHECK (scope IN ('all', 'term', 'author')),
    ref   BIGINT NOT NULL,
    month INTEGER NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (scope, ref, month)
);
INSERT INTO post_counts (scope, ref, month, n)
    SELECT 'all', 0, warta_month(published_at) AS m, COUNT(*)
    FROM articles WHERE type = 'post' AND status = 'published' GROUP BY m;
INSERT INTO post_counts (scope, ref, month, n)
    SELECT 'term', term_id, warta_month(pub) AS m, COUNT(*)
    FROM article_terms WHERE pub IS NOT NULL GROUP BY term_id, m;
INSERT INTO post_counts (scope, ref, month, n)
    SELECT 'author', user_id, warta_month(pub) AS m, COUNT(*)
    FROM article_authors WHERE pub IS NOT NULL GROUP BY user_id, m;

-- 3. Sitemap pages: published posts and pages by id ranges of 1,000
-- (bucket = id / 1000; store.SitemapBucket), with how many each holds and
-- when one of them last changed. The sitemap index reads this table only;
-- a sitemap page reads its id range of the primary key.
CREATE TABLE sitemap_pages (
    type    TEXT NOT NULL,
    bucket  BIGINT NOT NULL,
    n       BIGINT NOT NULL,
    lastmod TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (type, bucket)
);
INSERT INTO sitemap_pages (type, bucket, n, lastmod)
    SELECT type, id / 1000 AS b, COUNT(*), MAX(modified_at)
    FROM articles WHERE status = 'published' GROUP BY type, b;

CREATE FUNCTION warta_count(s TEXT, r BIGINT, t TIMESTAMPTZ, d INTEGER) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO post_counts (scope, ref, month, n) VALUES (s, r, warta_month(t), d)
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = post_counts.n + excluded.n
$$;

CREATE FUNCTION warta_kept_article() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT' AND OLD.type = 'post' AND OLD.status = 'published';
    now_listed BOOLEAN := TG_OP <> 'DELETE' AND NEW.type = 'post' AND NEW.status = 'published';
BEGIN
    -- The lists: the article and its links' listing key.
    IF TG_OP = 'UPDATE' AND (was OR now_listed)
        AND (was IS DISTINCT FROM now_listed OR OLD.published_at IS DISTINCT FROM NEW.published_at) THEN
        IF was THEN
            PERFORM warta_count('all', 0, OLD.published_at, -1);
            PERFORM warta_count('term', term_id, OLD.published_at, -1) FROM article_terms WHERE article_id = OLD.id AND pub IS NOT NULL;
            PERFORM warta_count('author', user_id, OLD.published_at, -1) FROM article_authors WHERE article_id = OLD.id AND pub IS NOT NULL;
        END IF;
        UPDATE article_terms SET pub = CASE WHEN now_listed THEN NEW.published_at END WHERE article_id = NEW.id;
        UPDATE article_authors SET pub = CASE WHEN now_listed THEN NEW.published_at END WHERE article_id = NEW.id;
        IF now_listed THEN
            PERFORM warta_count('all', 0, NEW.published_at, 1);
            PERFORM warta_count('term', term_id, NEW.published_at, 1) FROM article_terms WHERE article_id = NEW.id;
            PERFORM warta_count('author', user_id, NEW.published_at, 1) FROM article_authors WHERE article_id = NEW.id;
        END IF;
    ELSIF TG_OP = 'INSERT' AND now_listed THEN
        PERFORM warta_count('all', 0, NEW.published_at, 1);
    ELSIF TG_OP = 'DELETE' AND was THEN
        -- The links' rows go with the article (ON DELETE CASCADE) and
        -- their own trigger counts them out.
        PERFORM warta_count('all', 0, OLD.published_at, -1);
    END IF;

    -- The sitemap pages: any change to a published (or formerly
    -- published) article changes its page's lastmod, and its count when
    -- it enters or leaves.
    IF TG_OP <> 'INSERT' AND OLD.status = 'published' THEN
        UPDATE sitemap_pages SET n = n - 1,
            lastmod = CASE WHEN TG_OP = 'DELETE' THEN GREATEST(lastmod, now()) ELSE lastmod END
            WHERE type = OLD.type AND bucket = OLD.id / 1000;
    END IF;
    IF TG_OP <> 'DELETE' AND (NEW.status = 'published' OR (TG_OP = 'UPDATE' AND OLD.status = 'published')) THEN
        INSERT INTO sitemap_pages (type, bucket, n, lastmod)
            VALUES (NEW.type, NEW.id / 1000, CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END, NEW.modified_at)
            ON CONFLICT (type, bucket) DO UPDATE SET n = sitemap_pages.n + excluded.n,
                lastmod = GREATEST(sitemap_pages.lastmod, excluded.lastmod);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER kept_article AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION warta_kept_article();

-- A link row takes its listing key from its article as it is written, and
-- counts itself in and out. warta_kept_link does it for a link whose
-- reference (term or user) was old_ref and is new_ref.
CREATE FUNCTION warta_kept_link(scope TEXT, op TEXT, article BIGINT, old_ref BIGINT, new_ref BIGINT,
    old_pub TIMESTAMPTZ, INOUT new_pub TIMESTAMPTZ) LANGUAGE plpgsql AS $$
BEGIN
    IF op = 'INSERT' THEN
        SELECT a.published_at INTO new_pub FROM articles a
            WHERE a.id = article AND a.type = 'post' AND a.status = 'published';
        IF new_pub IS NOT NULL THEN
            PERFORM warta_count(scope, new_ref, new_pub, 1);
        END IF;
    ELSIF op = 'DELETE' THEN
        IF old_pub IS NOT NULL THEN
            PERFORM warta_count(scope, old_ref, old_pub, -1);
        END IF;
    -- An update: a byline moved to another user, or pub set by the
    -- article's trigger (which counts that itself).
    ELSIF old_pub IS NOT NULL AND new_pub IS NOT DISTINCT FROM old_pub AND old_ref <> new_ref THEN
        PERFORM warta_count(scope, old_ref, old_pub, -1);
        PERFORM warta_count(scope, new_ref, old_pub, 1);
    END IF;
END $$;

CREATE FUNCTION warta_kept_term_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM warta_kept_link('term', TG_OP, OLD.article_id, OLD.term_id, NULL, OLD.pub, NULL);
        RETURN OLD;
    END IF;
    NEW.pub := warta_kept_link('term', TG_OP, NEW.article_id, OLD.term_id, NEW.term_id, OLD.pub, NEW.pub);
    RETURN NEW;
END $$;

CREATE FUNCTION warta_kept_author_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM warta_kept_link('author', TG_OP, OLD.article_id, OLD.user_id, NULL, OLD.pub, NULL);
        RETURN OLD;
    END IF;
    NEW.pub := warta_kept_link('author', TG_OP, NEW.article_id, OLD.user_id, NEW.user_id, OLD.pub, NEW.pub);
    RETURN NEW;
END $$;

CREATE TRIGGER kept_term_link BEFORE INSERT OR UPDATE OR DELETE ON article_terms
    FOR EACH ROW EXECUTE FUNCTION warta_kept_term_link();
CREATE TRIGGER kept_author_link BEFORE INSERT OR UPDATE OR DELETE ON article_authors
    FOR EACH ROW EXECUTE FUNCTION warta_kept_author_link();

CREATE FUNCTION warta_kept_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM post_counts WHERE scope = TG_ARGV[0] AND ref = OLD.id;
    RETURN NULL;
END $$;

CREATE TRIGGER kept_term_delete AFTER DELETE ON terms
    FOR EACH ROW EXECUTE FUNCTION warta_kept_drop('term');
CREATE TRIGGER kept_user_delete AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION warta_kept_drop('author');
