-- 0006_wordpress: what each WordPress import brought in, so importing the
-- same export again updates or skips instead of duplicating, and so
-- ?p=ID, ?page_id=ID and ?cat=ID links can be answered.
--
-- site is the export's base_site_url: two WordPress sites' ids never mix.
-- wp_key is the WordPress id as text for posts, attachments and comments,
-- the login for users and "taxonomy:slug" for terms (WXR 1.0 has no term
-- ids); wp_id keeps the numeric id where WordPress had one (0 otherwise).
-- warta_id points at articles, media, users, terms or comments according
-- to kind, so it cannot be a foreign key; a row whose target was deleted
-- is simply imported again.
-- hash is a digest of the item as last imported: the same digest means
-- nothing changed and the item is skipped.
CREATE TABLE wp_import_map (
    site     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('user', 'term', 'post', 'attachment', 'comment')),
    wp_key   TEXT NOT NULL,
    wp_id    INTEGER NOT NULL DEFAULT 0,
    warta_id INTEGER NOT NULL,
    hash     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site, kind, wp_key)
);
CREATE INDEX wp_import_map_target ON wp_import_map (kind, warta_id);
