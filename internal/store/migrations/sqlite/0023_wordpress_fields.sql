-- 0023_wordpress_fields (SQLite): what a WordPress site's editors filled in
-- that warta's own tables have no column for, kept so that a move loses
-- nothing and an export gives it back.
--
-- article_seo: the SEO plugins' fields (Yoast, Rank Math) of an article.
-- The title may hold the plugins' variables (%%title%%, %sep%…), resolved
-- when the page is shown so that it follows the article's title. One row
-- per article that has any; the article page reads it by primary key.
CREATE TABLE article_seo (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    title       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    canonical   TEXT NOT NULL DEFAULT '',
    noindex     BOOLEAN NOT NULL DEFAULT FALSE CHECK (noindex IN (0, 1))
);

-- wp_menus and wp_menu_items: WordPress's navigation menus (nav_menu terms
-- and nav_menu_item posts), kept as they were: an item links a URL, or a
-- post, page or term of the export by its WordPress id (object_key, the
-- import map's key), resolved when shown. Kept apart from the site's own
-- navigation settings, which a menu may later be made into.
CREATE TABLE wp_menus (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE wp_menu_items (
    id          INTEGER PRIMARY KEY,
    menu_id     INTEGER NOT NULL REFERENCES wp_menus (id) ON DELETE CASCADE,
    wp_id       INTEGER NOT NULL,
    parent_wp_id INTEGER NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL DEFAULT 0,
    title       TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    object_type TEXT NOT NULL DEFAULT '', -- custom, post, page, category, post_tag
    object_key  TEXT NOT NULL DEFAULT '',
    UNIQUE (menu_id, wp_id)
);

-- wp_terms and wp_term_links: terms of taxonomies warta has no archive for
-- (a "region" or "series" taxonomy), with the articles carrying them.
CREATE TABLE wp_terms (
    id          INTEGER PRIMARY KEY,
    taxonomy    TEXT NOT NULL,
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent      TEXT NOT NULL DEFAULT '',
    UNIQUE (taxonomy, slug)
);
CREATE TABLE wp_term_links (
    term_id    INTEGER NOT NULL REFERENCES wp_terms (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (term_id, article_id)
);
CREATE INDEX wp_term_links_article ON wp_term_links (article_id);
