-- 0020_press_flags: the article flags the Dewan Pers guideline for online
-- media (Pedoman Pemberitaan Media Siber) asks pages to show.
-- * unverified: published before its facts were checked ("sedang dalam
--   verifikasi"); kept out of the Google News sitemap while set;
-- * verified_at: when an editor cleared unverified, shown on the page;
--   NULL for a story never marked unverified;
-- * sponsored: paid content (advertorial), labelled wherever it shows.
ALTER TABLE articles ADD COLUMN unverified BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE articles ADD COLUMN verified_at TIMESTAMPTZ;
ALTER TABLE articles ADD COLUMN sponsored BOOLEAN NOT NULL DEFAULT FALSE;
