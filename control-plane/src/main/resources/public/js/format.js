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

/** Creates an element with attributes and children (strings become text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function badge(status) {
  return el('span', { class: `badge status-${status}`, 'data-status': status }, status);
}
