-- The newsroom's editor writes HTML (issue 17): articles written in
-- Markdown are converted once, here. Their body_html already holds the
-- sanitized rendering of the Markdown, which is what the editor opens, so
-- the conversion keeps it and forgets the source. Revisions forget their
-- Markdown too, so restoring one brings back the HTML it showed.
UPDATE articles SET source = '', source_format = 'html' WHERE source_format = 'markdown';
UPDATE revisions SET source = '' WHERE source <> '';
