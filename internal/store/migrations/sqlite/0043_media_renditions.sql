-- 0043_media_renditions: what Google News and Discover and modern browsers
-- are given of an image besides its original and resized copies.
-- * focal_x, focal_y: the point an editor chose, as fractions of the width
--   and height from the top left (0.5, 0.5: the centre); the 16:9, 4:3 and
--   1:1 crops are cut around it;
-- * renditions: which generated files exist, words separated by spaces:
--   "webp" and "avif" (a copy of every resized variant, and of the original
--   when it is small, in that format), "crop:X,Y" (the three crops, cut
--   around the focal point X,Y in thousandths). Empty until they are made:
--   on upload, or by `warta media regenerate` for older items.
ALTER TABLE media ADD COLUMN focal_x REAL NOT NULL DEFAULT 0.5 CHECK (focal_x >= 0 AND focal_x <= 1);
ALTER TABLE media ADD COLUMN focal_y REAL NOT NULL DEFAULT 0.5 CHECK (focal_y >= 0 AND focal_y <= 1);
ALTER TABLE media ADD COLUMN renditions TEXT NOT NULL DEFAULT '';
