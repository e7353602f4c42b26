-- A bulk backfill started by the control plane: one row in backfill_jobs (its feed is the first of
-- the feeds, status, cursor and counters as for any job, so the one-active-job rule counts it once)
-- and here what the job JVM needs besides the row: every feed, the chunk length and how many
-- chunks go into one commit (a wave: a cancel takes effect between waves).
CREATE TABLE backfill_bulk_jobs (
    job_id      uuid   PRIMARY KEY REFERENCES backfill_jobs (id) ON DELETE CASCADE,
    feeds       text[] NOT NULL CHECK (cardinality(feeds) >= 1),
    chunk_days  int    NOT NULL CHECK (chunk_days >= 1),
    wave_chunks int    NOT NULL CHECK (wave_chunks >= 1)
);

-- Where each chunk stands: pending, running (in the wave being fetched and committed), done
-- (committed and published) or failed (its fetch failed; error says why). A rerun fetches every
-- chunk that is not done.
ALTER TABLE backfill_chunks
    ADD COLUMN state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'done', 'failed')),
    ADD COLUMN error text;
UPDATE backfill_chunks SET state = 'done' WHERE done;
ALTER TABLE backfill_chunks
    ADD CONSTRAINT backfill_chunks_state_done CHECK (done = (state = 'done'));
