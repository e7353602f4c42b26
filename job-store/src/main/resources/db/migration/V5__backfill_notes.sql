-- What the operator should know of how a job got its data, besides progress and errors: an archive
-- host that refused access (the rest came from REST), a monthly file whose checksum never matched
-- (its daily files were used), candles left missing without asking the exchange. A job keeps at
-- most 20 notes, each at most 1000 characters; its log has every warning.
ALTER TABLE backfill_jobs
    ADD COLUMN notes text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(notes) <= 20);
