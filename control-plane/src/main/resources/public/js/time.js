// Time helpers. Everything on the page is UTC: inputs are read and written as UTC wall time.

const DAY_MS = 86_400_000;

/** Seconds per bar for each granularity code the server knows. */
export const GRANULARITY_SECONDS = { '1s': 1, '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '1d': 86400 };

/** Records a complete UTC day holds at this granularity (1440 for 1m), or null if unknown. */
export function barsPerDay(granularity) {
  const seconds = GRANULARITY_SECONDS[granularity];
  return seconds ? 86400 / seconds : null;
}

export function startOfUtcDay(ms) {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Value for an <input type="datetime-local"> showing this instant in UTC (minute precision). */
export function toInputValue(ms) {
  return new Date(ms).toISOString().slice(0, 16);
}

/** Instant (ms) of a datetime-local value read as UTC, or NaN when empty or malformed. */
export function fromInputValue(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value || '')) return NaN;
  return Date.parse(`${value}Z`);
}

/**
 * The last UTC day a range ending (exclusively) at endMs touches: "2026-01-03" for an end at
 * 2026-01-04 00:00, "2026-01-04" for an end at 2026-01-04 12:00. Empty for NaN.
 */
export function lastDayIncluded(endMs) {
  if (Number.isNaN(endMs)) return '';
  return new Date(endMs - 1).toISOString().slice(0, 10);
}

/** ISO-8601 with Z, without milliseconds when they are zero. */
export function toIso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** "2026-01-02 03:04" (UTC), or "–" for a missing value. */
export function formatUtc(iso) {
  if (!iso) return '–';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

/** A UTC range, shortened: whole days print as dates. */
export function formatRange(startIso, endIso) {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  const wholeDays = start % DAY_MS === 0 && end % DAY_MS === 0;
  if (wholeDays) {
    const days = Math.round((end - start) / DAY_MS);
    const first = toIso(start).slice(0, 10);
    const last = toIso(end - DAY_MS).slice(0, 10);
    return days === 1 ? `${first} (1 day)` : `${first} → ${last} (${days} days)`;
  }
  return `${formatUtc(start)} → ${formatUtc(end)}`;
}

/** "3 d 4 h", "12 min 5 s", "42 s". */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0 && h === 0 && m === 0) return `${d} day${d === 1 ? '' : 's'}`;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${sec} s`;
  return `${sec} s`;
}

/** Every UTC date ("YYYY-MM-DD") from first to last, inclusive. */
export function datesBetween(first, last) {
  const out = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += DAY_MS) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

export { DAY_MS };
