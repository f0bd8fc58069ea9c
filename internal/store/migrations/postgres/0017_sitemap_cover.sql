-- 0017_sitemap_cover (PostgreSQL): a sitemap page answered from one index.
--
-- A sitemap page lists the published articles of one type in a range of
-- 1,000 ids (store.SitemapBucket) and needs only what builds their URLs
-- and lastmod. The SQLite twin keys a covering index on them; here the
-- range key carries them as INCLUDE columns, so a vacuumed table answers
-- the page with an index-only scan and never reads the rows' bodies.
CREATE INDEX articles_sitemap ON articles (type, status, id)
    INCLUDE (slug, published_at, modified_at, featured_media_id, parent_id);
