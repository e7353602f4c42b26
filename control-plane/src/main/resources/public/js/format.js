// Number and text formatting shared by the views.

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n) {
  return Number.isFinite(n) ? integer.format(n) : '–';
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatPct(pct) {
  if (!Number.isFinite(pct)) return '–';
  return pct >= 100 || pct === 0 ? `${Math.round(pct)}%` : `${pct.toFixed(1)}%`;
}

/** "binance · BTCUSDT · candle · 1m" for a feed or job object. */
export function feedLabel(f) {
  return [f.source, f.subject, f.kind, f.granularity].join(' · ');
}

export const ACTIVE = new Set(['pending', 'running']);

/** Jobs a Resume continues from their cursor. */
export const RESUMABLE = new Set(['failed', 'cancelled']);

/**
 * What a job is doing, in a line: the retry it waits on, the pages fetched ahead of the last
 * commit, a commit in progress. Empty for a job that has ended.
 */
export function describePhase(job) {
  if (job.status === 'pending') return 'Waiting for the Spark job to start…';
  if (job.status !== 'running') {
    return job.days_skipped ? `${formatCount(job.days_skipped)} day(s) skipped: already stored.` : '';
  }
  if (job.phase === 'retrying' && job.retry_status) {
    return `${job.retry_status.charAt(0).toUpperCase()}${job.retry_status.slice(1)}`;
  }
  const fetched = `${formatCount(job.fetched_rows)} rows in ${formatCount(job.fetched_pages)} pages`;
  const until = job.fetched_until ? ` up to ${job.fetched_until.slice(0, 16).replace('T', ' ')}` : '';
  switch (job.phase) {
    case 'starting': return 'Starting Spark…';
    case 'committing': return `Committing · fetched ${fetched}${until}`;
    case 'fetching': return `Fetching · ${fetched}${until}`;
    default: return 'Running…';
  }
}
