-- 0041_menus (SQLite): the site's navigation menus, one per language,
-- edited in the newsroom and shown as the header's navigation; a language
-- without one gets the automatic menu (top categories and pages).
--
-- Items are a list in order (position) with a depth (0 at the top, at most
-- 2): an item is a child of the nearest item before it that is one level
-- shallower, as WordPress's menu screen shows them. kind says what an item
-- links: a category or tag (terms.id) or a page (articles.id) by target_id,
-- resolved when shown so that it follows renames, or a custom URL. label
-- '' shows the target's own name. A target deleted later leaves the item,
-- which is then not shown.
--
-- source names the imported WordPress menu (wp_menus.slug, migration 0023)
-- a menu was made from, so the newsroom can say where it came from.
CREATE TABLE menus (
    id     INTEGER PRIMARY KEY,
    lang   TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE menu_items (
    id        INTEGER PRIMARY KEY,
    menu_id   INTEGER NOT NULL REFERENCES menus (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    depth     INTEGER NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 2),
    kind      TEXT NOT NULL CHECK (kind IN ('category', 'tag', 'page', 'custom')),
    target_id INTEGER NOT NULL DEFAULT 0,
    label     TEXT NOT NULL DEFAULT '',
    url       TEXT NOT NULL DEFAULT '',
    UNIQUE (menu_id, position)
);
