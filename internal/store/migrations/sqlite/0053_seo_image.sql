-- 0053_seo_image (SQLite): the social image of an article's SEO fields
-- (Yoast's opengraph/twitter image, Rank Math's facebook/twitter image):
-- an http(s) URL or a path on the site, shown by link previews
-- (og:image, twitter:image) over the featured image. '' when none.
ALTER TABLE article_seo ADD COLUMN image TEXT NOT NULL DEFAULT '';
