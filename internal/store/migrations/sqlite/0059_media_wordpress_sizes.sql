-- 0059_media_wordpress_sizes: the files of a media item besides its
-- original and warta's own variants and renditions: the sizes WordPress
-- cut of an imported image (foto-300x169.jpg), copied so that their old
-- addresses keep working. Deleting the item (a legal takedown) removes
-- them with it.
CREATE TABLE media_extra_files (
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    PRIMARY KEY (media_id, path)
);
