-- What a running job is doing, apart from what it has committed: a phase, the fetched progress
-- (ahead of the committed cursor while a commit is prepared), the retry it is waiting on, and the
-- days it skipped because the store already held them. "refresh" asks for every day to be fetched.
ALTER TABLE backfill_jobs
    ADD COLUMN phase          text CHECK (phase IN ('starting', 'fetching', 'committing', 'retrying')),
    ADD COLUMN fetched_pages  bigint  NOT NULL DEFAULT 0 CHECK (fetched_pages >= 0),
    ADD COLUMN fetched_rows   bigint  NOT NULL DEFAULT 0 CHECK (fetched_rows >= 0),
    ADD COLUMN fetched_until  timestamptz,
    ADD COLUMN retry_reason   text,
    ADD COLUMN retry_since    timestamptz,
    ADD COLUMN retry_next_at  timestamptz,
    ADD COLUMN days_skipped   int     NOT NULL DEFAULT 0 CHECK (days_skipped >= 0),
    ADD COLUMN refresh        boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT backfill_jobs_retry_whole
        CHECK ((retry_reason IS NULL) = (retry_since IS NULL)
               AND (retry_reason IS NULL) = (retry_next_at IS NULL));

-- A day of a feed that a job fetched to its end, with the provider having nothing more for it:
-- a later backfill need not fetch it again (unless asked to refresh) even when it holds fewer
-- rows than the granularity allows (an exchange outage, a listing day).
CREATE TABLE feed_days_confirmed (
    feed         text        NOT NULL,
    day          date        NOT NULL,
    records      bigint      NOT NULL CHECK (records >= 0),
    job_id       uuid        NOT NULL,
    confirmed_at timestamptz NOT NULL,
    PRIMARY KEY (feed, day)
);
