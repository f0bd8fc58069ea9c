-- The media library's search and duplicate check.
--
-- media_words holds, for every item, the words of its file name, alt text
-- and caption, lowercased and without accents (store/media_words.go makes
-- them; items stored before this migration are indexed when the library is
-- first searched). A search asks, for each word it is given, the items
-- with a word starting with it: a range on the primary key, whatever the
-- library's size.
CREATE TABLE media_words (
    word     TEXT NOT NULL,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    PRIMARY KEY (word, media_id)
) WITHOUT ROWID;
CREATE INDEX media_words_media ON media_words (media_id);

-- sha256 is the hex SHA-256 of the original file's bytes, so the same file
-- uploaded again is recognised. Items stored before this migration have
-- none until an upload of the same size reads them (media_unhashed).
ALTER TABLE media ADD COLUMN sha256 TEXT;
CREATE INDEX media_sha256 ON media (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX media_unhashed ON media (size) WHERE sha256 IS NULL;

-- The library's pages, newest first, without sorting it whole.
CREATE INDEX media_newest ON media (created_at, id);
