-- 0017_sitemap_cover (SQLite): a sitemap page answered from one index.
--
-- A sitemap page lists the published articles of one type in a range of
-- 1,000 ids (store.SitemapBucket). Read from the table, every one of them
-- costs its row and the overflow pages of its body, though a sitemap needs
-- only what builds its URL and its lastmod: on a million articles a page
-- took 1.4 s. This index holds those columns after the range key, so the
-- page is one range of it and the table is never read.
CREATE INDEX articles_sitemap ON articles (type, status, id, slug, published_at, modified_at, featured_media_id, parent_id);
