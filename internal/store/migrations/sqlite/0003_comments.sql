-- Reader comments: reply notifications, what the spam classifier learnt
-- from each comment, and the classifier's word counts.

-- notify: the commenter ticked "email me when someone replies".
ALTER TABLE comments ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
-- trained: what the classifier learnt from this comment ('', 'spam' or
-- 'ham'), so that a moderator who changes their mind moves the counts
-- instead of adding to them twice.
ALTER TABLE comments ADD COLUMN trained TEXT NOT NULL DEFAULT '';

-- How many spam and ham comments held each token. The row with the empty
-- token counts the comments themselves.
CREATE TABLE spam_tokens (
    token TEXT PRIMARY KEY,
    spam  INTEGER NOT NULL DEFAULT 0,
    ham   INTEGER NOT NULL DEFAULT 0
);

-- Throttling and duplicate detection by address.
CREATE INDEX comments_created ON comments (created_at);
