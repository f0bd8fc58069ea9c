-- 0001_init (SQLite): the whole data model of DESIGN.md except the search
-- index, which migration 0002 adds.
--
-- Conventions, the same as in migrations/postgres/0001_init.sql:
-- * ids are INTEGER PRIMARY KEY AUTOINCREMENT: AUTOINCREMENT never hands out
--   the id of a deleted row again, and ids end up in public URLs (?p=123,
--   #comment-45) and in caches, so a reused id would show the wrong thing;
-- * times are TIMESTAMP columns written by Go, always in UTC: the driver
--   stores them as text ("2024-04-26 03:00:00.5+00:00"), which sorts in time
--   order only because every value carries the same zone. The declared type
--   must stay exactly TIMESTAMP: the driver parses text back into a time only
--   for columns declared DATE, DATETIME or TIMESTAMP;
-- * booleans are BOOLEAN, stored by SQLite as 0/1 (the driver binds Go bools
--   that way), so the same Go code writes and scans them on both engines;
-- * optional text is NOT NULL DEFAULT '' (the model uses ""), optional
--   references are NULL (the model uses 0 and the store translates);
-- * statuses and kinds are TEXT with a CHECK, not enums, which SQLite lacks.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    login         TEXT NOT NULL,
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    bio           TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'editor', 'author', 'contributor')),
    -- Empty for users who must still set a password (imported authors).
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
-- Logins are unique regardless of case, as in WordPress: "Budi" and "budi"
-- are the same person typing at the login form.
CREATE UNIQUE INDEX users_login ON users (lower(login));
CREATE INDEX users_email ON users (lower(email));

-- An editor's session: the cookie holds "id.secret", the row only a hash of
-- the secret, so a leaked database does not leak live sessions.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE media (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Deleting a user keeps the files they uploaded.
    uploader_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    path        TEXT NOT NULL UNIQUE, -- relative to the media folder
    mime_type   TEXT NOT NULL,
    size        INTEGER NOT NULL DEFAULT 0,
    width       INTEGER NOT NULL DEFAULT 0,
    height      INTEGER NOT NULL DEFAULT 0,
    alt         TEXT NOT NULL DEFAULT '',
    caption     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX media_uploader ON media (uploader_id);

CREATE TABLE media_variants (
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    PRIMARY KEY (media_id, path)
);

-- Posts and pages. WordPress keeps both in one table too, and so pages and
-- posts share comments, revisions and bylines without twin tables.
CREATE TABLE articles (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    type              TEXT NOT NULL CHECK (type IN ('post', 'page')),
    slug              TEXT NOT NULL,
    title             TEXT NOT NULL,
    body_html         TEXT NOT NULL DEFAULT '', -- sanitized before it is stored
    source            TEXT NOT NULL DEFAULT '', -- the writer's Markdown, if any
    source_format     TEXT NOT NULL DEFAULT 'html' CHECK (source_format IN ('html', 'markdown')),
    excerpt           TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'published', 'private', 'trash')),
    -- NULL until the article is given a publication time; a published or
    -- scheduled article must have one (it orders lists and dates the URL).
    published_at      TIMESTAMP,
    modified_at       TIMESTAMP NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    lang              TEXT NOT NULL DEFAULT '',
    translation_group TEXT NOT NULL DEFAULT '',
    -- Deleting an image leaves the article without one, not without its text.
    featured_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
    sticky            BOOLEAN NOT NULL DEFAULT FALSE CHECK (sticky IN (0, 1)),
    comment_status    TEXT NOT NULL DEFAULT 'open' CHECK (comment_status IN ('open', 'closed')),
    password          TEXT NOT NULL DEFAULT '',
    source_name       TEXT NOT NULL DEFAULT '',
    source_url        TEXT NOT NULL DEFAULT '',
    -- Pages: deleting a parent page lifts its children to the top level.
    parent_id         INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    menu_order        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (type, slug),
    CHECK (published_at IS NOT NULL OR status NOT IN ('published', 'scheduled'))
);
-- Front page and archives: published posts, newest first.
CREATE INDEX articles_list ON articles (type, status, published_at DESC, id DESC);
CREATE INDEX articles_translation ON articles (translation_group) WHERE translation_group <> '';
CREATE INDEX articles_parent ON articles (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX articles_featured ON articles (featured_media_id) WHERE featured_media_id IS NOT NULL;

-- Bylines. A user with bylines cannot be deleted (RESTRICT): as in
-- WordPress, their articles must first be given to someone else, never
-- silently lose their author.
CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    position   INTEGER NOT NULL, -- 0 is the primary author
    role       TEXT NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'reporter', 'editor', 'photographer')),
    PRIMARY KEY (article_id, user_id)
);
-- Author archives: every article carrying the user in any byline.
CREATE INDEX article_authors_user ON article_authors (user_id, article_id);

CREATE TABLE terms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    taxonomy    TEXT NOT NULL CHECK (taxonomy IN ('category', 'tag')),
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Categories: deleting a parent lifts its children to the top level.
    parent_id   INTEGER REFERENCES terms (id) ON DELETE SET NULL,
    UNIQUE (taxonomy, slug)
);
CREATE INDEX terms_parent ON terms (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE article_terms (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    term_id    INTEGER NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, term_id)
);
-- Category and tag archives, term counts and related articles go from the
-- term to its articles; the primary key serves the other direction.
CREATE INDEX article_terms_term ON article_terms (term_id, article_id);

-- Video (or audio) cards. Title, duration and poster are stored so the page
-- shows the card without asking the provider anything.
CREATE TABLE embeds (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id       INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    provider         TEXT NOT NULL,
    url              TEXT NOT NULL,
    embed_url        TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    duration_seconds INTEGER NOT NULL DEFAULT 0,
    poster_url       TEXT NOT NULL DEFAULT '',
    UNIQUE (article_id, position)
);

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- Deleting a comment lifts its replies to the top level rather than
    -- deleting a whole thread of other readers' words.
    parent_id    INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL DEFAULT '', -- never shown publicly
    author_url   TEXT NOT NULL DEFAULT '',
    user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    content      TEXT NOT NULL, -- sanitized HTML
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    kind         TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'pingback', 'trackback')),
    spam_score   REAL NOT NULL DEFAULT 0,
    -- Kept only as long as moderation needs them; emptied afterwards.
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
-- An article's approved comments, oldest first, and its comment count.
CREATE INDEX comments_article ON comments (article_id, status, created_at);
-- The moderation queue, newest first per status.
CREATE INDEX comments_status ON comments (status, created_at);
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
-- Earlier approved comments by the same address (auto-approval), and the
-- export and erasure of a reader's data on request.
CREATE INDEX comments_email ON comments (lower(author_email));
-- Comment throttling by address.
CREATE INDEX comments_ip ON comments (ip, created_at) WHERE ip <> '';

-- Saved states of an article, written on every save.
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title      TEXT NOT NULL,
    body_html  TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    excerpt    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX revisions_article ON revisions (article_id, created_at DESC, id DESC);

-- Old paths sent to new ones (WordPress imports keep their URLs this way).
CREATE TABLE redirects (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    from_path TEXT NOT NULL UNIQUE,
    to_path   TEXT NOT NULL,
    status    INTEGER NOT NULL DEFAULT 301 CHECK (status IN (301, 302, 307, 308))
);

-- Who did what in the newsroom. Rows outlive the user (SET NULL) and the
-- object (object_id is deliberately not a foreign key).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   INTEGER,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_user ON audit_log (user_id);
