-- 0011_comment_meta: the comments whose IP address or user agent is still
-- kept, by age. The hourly erasure of that metadata (EraseCommentMeta) reads
-- only them, instead of every comment the site ever had under the write
-- lock: on a site of three million comments that held up every writer,
-- comment posts and a second process starting, for seconds each hour.
CREATE INDEX comments_meta ON comments (created_at) WHERE ip <> '' OR user_agent <> '';
