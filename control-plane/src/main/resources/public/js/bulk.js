// Pure functions of the bulk backfill section (no DOM): the request body and what the chunks say.

/**
 * The body of POST /reports/backfill/bulk from the section's values (dates as YYYY-MM-DD, the end
 * exclusive), or {error} naming what to fix.
 */
export function bulkRequest({ feeds, start, end, chunkDays, waveChunks }) {
  if (!feeds || feeds.length === 0) return { error: 'Choose at least one feed.' };
  if (!start || !end) return { error: 'Choose a start and an end day.' };
  if (end <= start) return { error: 'The end day must come after the start day (the end is exclusive).' };
  const days = Number(chunkDays);
  const wave = Number(waveChunks);
  if (!Number.isInteger(days) || days < 1 || days > 366) {
    return { error: 'Days per chunk must be a whole number from 1 to 366.' };
  }
  if (!Number.isInteger(wave) || wave < 1 || wave > 1000) {
    return { error: 'Chunks per commit must be a whole number from 1 to 1000.' };
  }
  return { body: { feeds: [...feeds], start, end, chunk_days: days, wave_chunks: wave } };
}

/** "3 of 8 chunks done · 2 running · 1 failed", or what the job does before it has chunks. */
export function chunkSummary(bulk) {
  if (!bulk) return '';
  if (bulk.chunks_total === 0) {
    return ['pending', 'running'].includes(bulk.job.status) ? 'Planning chunks…' : 'No chunks planned.';
  }
  const parts = [`${bulk.chunks_done} of ${bulk.chunks_total} chunks done`];
  if (bulk.chunks_running) parts.push(`${bulk.chunks_running} running`);
  if (bulk.chunks_failed) parts.push(`${bulk.chunks_failed} failed`);
  return parts.join(' · ');
}

/** The chunks grouped by feed, in the order of the job's feeds: [{feed, chunks}]. */
export function chunksByFeed(bulk) {
  return bulk.feeds.map((feed) => ({ feed, chunks: bulk.chunks.filter((c) => c.feed === feed) }));
}

/** The tooltip of one chunk cell: its days, state, rows and, when it failed, why. */
export function chunkTitle(chunk) {
  const day = (iso) => iso.slice(0, 10);
  const last = new Date(Date.parse(chunk.end_ts) - 1).toISOString().slice(0, 10);
  const range = day(chunk.start_ts) === last ? day(chunk.start_ts) : `${day(chunk.start_ts)} to ${last}`;
  const rows = chunk.state === 'done' ? `, ${chunk.records_written} rows` : '';
  return `${range}: ${chunk.state}${rows}${chunk.error ? ` (${chunk.error})` : ''}`;
}
