-- 0007_speed: the front page lists sticky posts first, then the newest; an
-- index in that order lets it read one page of rows instead of sorting
-- every published post (with its body) on each uncached render.
CREATE INDEX articles_front ON articles (type, status, sticky DESC, published_at DESC, id DESC);
