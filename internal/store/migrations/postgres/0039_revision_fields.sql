-- 0039_revision_fields (PostgreSQL): a revision holds every field an editor changes,
-- not only its text (title, excerpt, body): fields is a JSON object the
-- store writes and reads (revisionFields in revision.go) with the bylines
-- (user id and role, in order), the category and tag ids, the SEO fields,
-- the press guideline's flags (unverified, sponsored) and the corrections,
-- updates and rights of reply as they stood. Names are not copied: they
-- are read from users and terms when the revisions are shown. '' for a
-- revision saved before this migration, which recorded only the text.
ALTER TABLE revisions ADD COLUMN fields TEXT NOT NULL DEFAULT '';
