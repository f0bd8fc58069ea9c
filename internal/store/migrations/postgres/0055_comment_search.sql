-- 0055_comment_search (PostgreSQL): the REST API's ?search= of comments
-- through an index instead of a LIKE over every comment.
--
-- WordPress finds a comment whose text holds the search as a substring,
-- ignoring case: content ILIKE '%…%' (store/wpapi.go), which a trigram
-- index answers for a search of three characters or more. pg_trgm ships
-- with PostgreSQL and is a trusted extension (the database's owner may
-- create it). It goes into the schema public where it may, so that it
-- outlives any one schema, else into warta's own; its operator class is
-- named with the schema it is in. Where it cannot be created the search
-- still answers, by reading the comments as before: the query is the same
-- either way, and only this index is missing.
DO $$
DECLARE
    trgm_schema TEXT;
BEGIN
    SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF trgm_schema IS NULL THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
        EXCEPTION WHEN OTHERS THEN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'warta: pg_trgm is not available (%): comment search reads the comments', SQLERRM;
            END;
        END;
        SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'pg_trgm';
    END IF;
    IF trgm_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX comments_content_trgm ON comments USING GIN (content %I.gin_trgm_ops)', trgm_schema);
    END IF;
END
$$;
