-- 0057_media_renditions_pending: which media items still lack files the
-- background worker makes (media.RunRenditions): their crops, or for a
-- still image its WebP and AVIF copies. The worker looked for them with
-- LIKE over every item's renditions, a scan of the whole library every
-- minute; the flag and its partial index hold only the items waiting.
-- The store sets it with every write of renditions or type
-- (store.pendingRenditions); an item inserted without renditions, as the
-- WordPress import does, waits by default.
ALTER TABLE media ADD COLUMN renditions_pending BOOLEAN NOT NULL DEFAULT TRUE CHECK (renditions_pending IN (0, 1));
UPDATE media SET renditions_pending = (renditions NOT LIKE '%crop:%'
    OR (mime_type IN ('image/jpeg', 'image/png', 'image/webp') AND renditions NOT LIKE '%avif%'));
CREATE INDEX media_renditions_pending ON media (id) WHERE renditions_pending;
