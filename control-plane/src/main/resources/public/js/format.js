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
