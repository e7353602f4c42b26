-- One row per backfill request. cursor_ts is the resume point: every candle before it is
-- committed to the Delta table and published.
CREATE TABLE backfill_jobs (
    id               uuid        PRIMARY KEY,
    source           text        NOT NULL,
    subject          text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('candle', 'tick')),
    granularity      text        NOT NULL CHECK (granularity IN ('1s', '1m', '5m', '15m', '1h', '1d')),
    start_ts         timestamptz NOT NULL,
    end_ts           timestamptz NOT NULL,
    cursor_ts        timestamptz NOT NULL,
    records_written  bigint      NOT NULL DEFAULT 0 CHECK (records_written >= 0),
    pages_fetched    bigint      NOT NULL DEFAULT 0 CHECK (pages_fetched >= 0),
    status           text        NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    error            text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    attempt          int         NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    heartbeat_at     timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT backfill_jobs_range CHECK (start_ts < end_ts),
    CONSTRAINT backfill_jobs_cursor CHECK (cursor_ts >= start_ts AND cursor_ts <= end_ts)
);

-- At most one job is pending or running: an index on a constant, over active rows only, so that
-- two requests arriving together cannot both insert.
CREATE UNIQUE INDEX backfill_jobs_one_active ON backfill_jobs ((true))
    WHERE status IN ('pending', 'running');

CREATE INDEX backfill_jobs_created ON backfill_jobs (created_at DESC);
