-- A bulk backfill splits its work into chunks (one feed, one time range) that executors fetch in
-- parallel. A chunk is done once its rows are committed to the Delta table and published; a rerun
-- of the job fetches only the chunks that are not done.
CREATE TABLE backfill_chunks (
    job_id          uuid        NOT NULL REFERENCES backfill_jobs (id) ON DELETE CASCADE,
    feed            text        NOT NULL,
    start_ts        timestamptz NOT NULL,
    end_ts          timestamptz NOT NULL,
    done            boolean     NOT NULL DEFAULT false,
    records_written bigint      NOT NULL DEFAULT 0 CHECK (records_written >= 0),
    pages_fetched   bigint      NOT NULL DEFAULT 0 CHECK (pages_fetched >= 0),
    table_version   bigint,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (job_id, feed, start_ts),
    CONSTRAINT backfill_chunks_range CHECK (start_ts < end_ts),
    CONSTRAINT backfill_chunks_done_version CHECK (NOT done OR table_version IS NOT NULL)
);
