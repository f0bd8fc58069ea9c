-- 0047_kept_by_statement (PostgreSQL): the kept counts of 0013, counted
-- once a statement instead of once a row.
--
-- Row by row, a multi-row INSERT of 500 posts upserted the same few
-- post_counts and sitemap_pages rows thousands of times in one
-- transaction; every upsert leaves a row version that no one may prune
-- before the commit, and the next one walks them all, so a batch cost
-- grew with its square (`dev generate` wrote about 150 posts a second).
-- Statement-level triggers read the statement's rows from its transition
-- tables and add up what each count gains or loses before writing it:
-- one upsert per month, term and author a statement.
--
-- The meaning is 0013's, unchanged:
-- * post_counts: listed posts (published posts) per UTC month, of the
--   site ('all', 0), of a term and of an author (any byline);
-- * article_terms.pub / article_authors.pub: the article's published_at
--   while it is listed, NULL otherwise;
-- * sitemap_pages: published articles per type and id range of 1,000,
--   with when one of them last changed.
--
-- Who counts what: a link row counts itself (its term or user, the month
-- of its pub) as it is inserted, updated or deleted, whatever changed it;
-- an article counts itself in 'all' and in sitemap_pages, and sets its
-- links' pub when it enters or leaves the lists or moves in time (which
-- the links' own trigger then counts).

-- warta_count adds d to a count. A loss never creates a row: the row of a
-- term or user deleted in the same statement has gone with it.
CREATE OR REPLACE FUNCTION warta_count(s TEXT, r BIGINT, t TIMESTAMPTZ, d INTEGER) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF d > 0 THEN
        INSERT INTO post_counts (scope, ref, month, n) VALUES (s, r, warta_month(t), d)
            ON CONFLICT (scope, ref, month) DO UPDATE SET n = post_counts.n + excluded.n;
    ELSIF d < 0 THEN
        UPDATE post_counts SET n = n + d WHERE scope = s AND ref = r AND month = warta_month(t);
    END IF;
END $$;

-- warta_count_months applies the deltas (scope, ref, a time in the month,
-- ±n) of one statement, summed by month.
CREATE FUNCTION warta_count_months(deltas JSONB) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d RECORD;
BEGIN
    FOR d IN SELECT x.s, x.r, warta_month(x.t) AS m, MIN(x.t) AS t, SUM(x.d)::integer AS n
        FROM jsonb_to_recordset(deltas) AS x(s TEXT, r BIGINT, t TIMESTAMPTZ, d INTEGER)
        GROUP BY x.s, x.r, warta_month(x.t) HAVING SUM(x.d) <> 0
    LOOP
        PERFORM warta_count(d.s, d.r, d.t, d.n);
    END LOOP;
END $$;

DROP TRIGGER kept_article ON articles;
DROP TRIGGER kept_term_link ON article_terms;
DROP TRIGGER kept_author_link ON article_authors;
DROP FUNCTION warta_kept_article();
DROP FUNCTION warta_kept_term_link();
DROP FUNCTION warta_kept_author_link();
DROP FUNCTION warta_kept_link(TEXT, TEXT, BIGINT, BIGINT, BIGINT, TIMESTAMPTZ, TIMESTAMPTZ);

-- The sitemap pages gain (or lose) published articles, summed by page.
-- rows: (type, id, d ±1 or 0, lastmod or NULL).
CREATE FUNCTION warta_sitemap_pages(deltas JSONB) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p RECORD;
BEGIN
    FOR p IN SELECT x.type, x.id / 1000 AS bucket, SUM(x.d)::bigint AS n, MAX(x.lastmod) AS lastmod
        FROM jsonb_to_recordset(deltas) AS x(type TEXT, id BIGINT, d INTEGER, lastmod TIMESTAMPTZ)
        GROUP BY x.type, x.id / 1000
    LOOP
        IF p.lastmod IS NULL THEN -- only losses: the page exists
            UPDATE sitemap_pages SET n = n + p.n WHERE type = p.type AND bucket = p.bucket;
        ELSE
            INSERT INTO sitemap_pages (type, bucket, n, lastmod) VALUES (p.type, p.bucket, p.n, p.lastmod)
                ON CONFLICT (type, bucket) DO UPDATE SET n = sitemap_pages.n + excluded.n,
                    lastmod = GREATEST(sitemap_pages.lastmod, excluded.lastmod);
        END IF;
    END LOOP;
END $$;

-- New articles: none has links yet.
CREATE FUNCTION warta_kept_articles_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO post_counts (scope, ref, month, n)
        SELECT 'all', 0, warta_month(published_at) AS m, COUNT(*) FROM new_rows
        WHERE type = 'post' AND status = 'published' GROUP BY m
        ON CONFLICT (scope, ref, month) DO UPDATE SET n = post_counts.n + excluded.n;
    INSERT INTO sitemap_pages (type, bucket, n, lastmod)
        SELECT type, id / 1000 AS b, COUNT(*), MAX(modified_at) FROM new_rows
        WHERE status = 'published' GROUP BY type, b
        ON CONFLICT (type, bucket) DO UPDATE SET n = sitemap_pages.n + excluded.n,
            lastmod = GREATEST(sitemap_pages.lastmod, excluded.lastmod);
    RETURN NULL;
END $$;

-- Deleted articles: their links go with them (ON DELETE CASCADE) and
-- count themselves out; a deletion changes its sitemap page now.
CREATE FUNCTION warta_kept_articles_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM warta_count_months(jsonb_agg(jsonb_build_object('s', 'all', 'r', 0, 't', published_at, 'd', -1)))
        FROM old_rows WHERE type = 'post' AND status = 'published' HAVING COUNT(*) > 0;
    PERFORM warta_sitemap_pages(jsonb_agg(jsonb_build_object('type', type, 'id', id, 'd', -1, 'lastmod', now())))
        FROM old_rows WHERE status = 'published' HAVING COUNT(*) > 0;
    RETURN NULL;
END $$;

-- Changed articles: each counts out as it was and in as it is, summed
-- by month (an article that stays where it was cancels out); its links
-- take the listing key it now has, which their own trigger counts. Any
-- change to a published (or formerly published) article changes its
-- sitemap page.
CREATE FUNCTION warta_kept_articles_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM warta_count_months(jsonb_agg(x)) FROM (
        SELECT 'all' AS s, 0 AS r, published_at AS t, -1 AS d FROM old_rows WHERE type = 'post' AND status = 'published'
        UNION ALL
        SELECT 'all', 0, published_at, 1 FROM new_rows WHERE type = 'post' AND status = 'published') x
        HAVING COUNT(*) > 0;
    UPDATE article_terms l SET pub = CASE WHEN n.type = 'post' AND n.status = 'published' THEN n.published_at END
        FROM new_rows n
        WHERE l.article_id = n.id AND l.pub IS DISTINCT FROM CASE WHEN n.type = 'post' AND n.status = 'published' THEN n.published_at END;
    UPDATE article_authors l SET pub = CASE WHEN n.type = 'post' AND n.status = 'published' THEN n.published_at END
        FROM new_rows n
        WHERE l.article_id = n.id AND l.pub IS DISTINCT FROM CASE WHEN n.type = 'post' AND n.status = 'published' THEN n.published_at END;
    PERFORM warta_sitemap_pages(jsonb_agg(x)) FROM (
        SELECT o.type, o.id, -1 AS d, NULL::timestamptz AS lastmod
            FROM old_rows o WHERE o.status = 'published'
        UNION ALL
        SELECT n.type, n.id, CASE WHEN n.status = 'published' THEN 1 ELSE 0 END, n.modified_at
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.status = 'published' OR o.status = 'published') x
        HAVING COUNT(*) > 0;
    RETURN NULL;
END $$;

CREATE TRIGGER kept_articles_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_articles_insert();
CREATE TRIGGER kept_articles_delete AFTER DELETE ON articles
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_articles_delete();
CREATE TRIGGER kept_articles_update AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_articles_update();

-- A new link takes its listing key from its article as it is written:
-- a primary-key look-up, row by row; what it counts, by statement.
CREATE FUNCTION warta_link_pub() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT a.published_at INTO NEW.pub FROM articles a
        WHERE a.id = NEW.article_id AND a.type = 'post' AND a.status = 'published';
    RETURN NEW;
END $$;

CREATE TRIGGER kept_term_link_pub BEFORE INSERT ON article_terms
    FOR EACH ROW EXECUTE FUNCTION warta_link_pub();
CREATE TRIGGER kept_author_link_pub BEFORE INSERT ON article_authors
    FOR EACH ROW EXECUTE FUNCTION warta_link_pub();

-- A link counts out what its old rows held and in what its new rows hold:
-- for an update that is a move to another term or user (a deleted user's
-- bylines), another month, or in or out of the lists, with no need to
-- pair the old and new rows. TG_ARGV[0] is the scope.
CREATE FUNCTION warta_kept_term_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM warta_count_months(jsonb_agg(jsonb_build_object('s', 'term', 'r', term_id, 't', pub, 'd', 1)))
            FROM new_rows WHERE pub IS NOT NULL HAVING COUNT(*) > 0;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM warta_count_months(jsonb_agg(jsonb_build_object('s', 'term', 'r', term_id, 't', pub, 'd', -1)))
            FROM old_rows WHERE pub IS NOT NULL HAVING COUNT(*) > 0;
    ELSE
        PERFORM warta_count_months(jsonb_agg(x)) FROM (
            SELECT 'term' AS s, term_id AS r, pub AS t, -1 AS d FROM old_rows WHERE pub IS NOT NULL
            UNION ALL
            SELECT 'term', term_id, pub, 1 FROM new_rows WHERE pub IS NOT NULL) x HAVING COUNT(*) > 0;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION warta_kept_author_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM warta_count_months(jsonb_agg(jsonb_build_object('s', 'author', 'r', user_id, 't', pub, 'd', 1)))
            FROM new_rows WHERE pub IS NOT NULL HAVING COUNT(*) > 0;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM warta_count_months(jsonb_agg(jsonb_build_object('s', 'author', 'r', user_id, 't', pub, 'd', -1)))
            FROM old_rows WHERE pub IS NOT NULL HAVING COUNT(*) > 0;
    ELSE
        PERFORM warta_count_months(jsonb_agg(x)) FROM (
            SELECT 'author' AS s, user_id AS r, pub AS t, -1 AS d FROM old_rows WHERE pub IS NOT NULL
            UNION ALL
            SELECT 'author', user_id, pub, 1 FROM new_rows WHERE pub IS NOT NULL) x HAVING COUNT(*) > 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER kept_term_links_insert AFTER INSERT ON article_terms
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_term_links();
CREATE TRIGGER kept_term_links_update AFTER UPDATE ON article_terms
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_term_links();
CREATE TRIGGER kept_term_links_delete AFTER DELETE ON article_terms
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_term_links();
CREATE TRIGGER kept_author_links_insert AFTER INSERT ON article_authors
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_author_links();
CREATE TRIGGER kept_author_links_update AFTER UPDATE ON article_authors
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_author_links();
CREATE TRIGGER kept_author_links_delete AFTER DELETE ON article_authors
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION warta_kept_author_links();
