// Day-by-day coverage of one feed, computed from the published index entries.

import { barsPerDay, datesBetween } from './time.js';

/** Splits "binance/BTCUSDT/candle/1m/2026-01-01.parquet" into feed parts and date. */
export function parseFilePath(path) {
  const parts = path.split('/');
  if (parts.length !== 5) return null;
  const [source, subject, kind, granularity, file] = parts;
  return { feed: parts.slice(0, 4).join('/'), source, subject, kind, granularity, date: file.replace(/\.parquet$/, '') };
}

/** Groups index files by feed: [{feed, source, subject, kind, granularity, files}] sorted by feed. */
export function groupByFeed(files) {
  const groups = new Map();
  for (const file of files) {
    const parsed = parseFilePath(file.path);
    if (!parsed) continue;
    if (!groups.has(parsed.feed)) groups.set(parsed.feed, { ...parsed, files: [] });
    groups.get(parsed.feed).files.push({ ...file, date: file.date || parsed.date });
  }
  return [...groups.values()].sort((a, b) => a.feed.localeCompare(b.feed));
}

/**
 * One entry per UTC day from the first to the last file: {date, records, expected, ratio, state}
 * with state "full" (records >= expected), "partial" or "missing" (no file), plus the file's
 * origin ("archive", "rest" or "mixed") and archiveSha256 when the index records them.
 */
export function coverageDays(group) {
  const expected = barsPerDay(group.granularity);
  const byDate = new Map(group.files.map((f) => [f.date, f]));
  const dates = [...byDate.keys()].sort();
  if (dates.length === 0) return [];
  return datesBetween(dates[0], dates[dates.length - 1]).map((date) => {
    const file = byDate.get(date);
    const records = file ? file.records : 0;
    const ratio = expected ? Math.min(1, records / expected) : file ? 1 : 0;
    const state = !file ? 'missing' : ratio >= 1 ? 'full' : 'partial';
    const provenance = file && file.origin
      ? { origin: file.origin, ...(file.archive_sha256 ? { archiveSha256: file.archive_sha256 } : {}) }
      : {};
    return { date, records, expected, ratio, state, ...provenance };
  });
}

/** One line of a gap report: "10:00 → 10:05 UTC · 5 candles · confirmed" (times within a day). */
export function gapText(gap) {
  const time = (iso) => iso.slice(11, 16);
  const sameDay = gap.start.slice(0, 10) === gap.end.slice(0, 10) || gap.end.slice(11, 19) === '00:00:00';
  const span = sameDay
    ? `${time(gap.start)} → ${gap.end.slice(11, 19) === '00:00:00' ? '24:00' : time(gap.end)} UTC`
    : `${gap.start.slice(0, 16).replace('T', ' ')} → ${gap.end.slice(0, 16).replace('T', ' ')} UTC`;
  const kind = gap.confirmed ? 'confirmed: the provider has no data' : 'never fetched';
  return `${span} · ${gap.candles} candle${gap.candles === 1 ? '' : 's'} · ${kind}`;
}

export function summarize(days) {
  const count = (state) => days.filter((d) => d.state === state).length;
  return { days: days.length, full: count('full'), partial: count('partial'), missing: count('missing') };
}
