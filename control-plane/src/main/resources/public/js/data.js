// The Data section: per feed, a coverage strip (one cell per UTC day, shaded by completeness)
// and the published files with download links.

import { api, auth, downloadWithKey } from './api.js';
import { coverageDays, gapText, groupByFeed, summarize } from './coverage.js';
import { $, el } from './dom.js';
import { feedLabel, formatBytes, formatCount, formatPct } from './format.js';
import { formatUtc } from './time.js';

function dayCell(day) {
  const detail = day.state === 'missing'
    ? `${day.date}: no file`
    : `${day.date}: ${formatCount(day.records)}${day.expected ? ` of ${formatCount(day.expected)}` : ''} records`
      + (day.expected ? ` (${formatPct(day.ratio * 100)})` : '')
      + (day.origin ? `, from ${originText(day.origin)}` : '');
  const hint = day.state === 'full' ? '' : ' (click for its gaps)';
  const cell = el('span', { class: `day ${day.state}`, 'data-date': day.date, 'data-state': day.state, title: detail + hint });
  if (day.state === 'partial') cell.style.setProperty('--fill', `${Math.round(day.ratio * 100)}%`);
  return cell;
}

function strip(group) {
  const days = coverageDays(group);
  const s = summarize(days);
  const text = `${s.days} day${s.days === 1 ? '' : 's'}, ${days[0].date} → ${days[days.length - 1].date}: `
    + `${s.full} complete, ${s.partial} partial, ${s.missing} missing`;
  return el('div', { class: 'coverage' },
    el('div', { class: 'strip', role: 'img', 'aria-label': `Coverage of ${group.feed}: ${text}` }, days.map(dayCell)),
    el('p', { class: `coverage-summary${s.partial + s.missing ? ' has-gaps' : ''}` }, text));
}

/** "archive", "rest", "mixed" as the page says them. */
function originText(origin) {
  return { archive: 'the archive', rest: 'REST', mixed: 'archive and REST' }[origin] || origin;
}

function originCell(file) {
  if (!file.origin) return el('td', { class: 'opt' }, '—');
  const title = file.archive_sha256 ? `archive file sha256 ${file.archive_sha256}` : undefined;
  return el('td', { class: 'opt', 'data-origin': file.origin, title }, file.origin);
}

function fileRow(file) {
  return el('tr', { 'data-path': file.path },
    el('td', {}, file.date),
    el('td', { class: 'num' }, formatCount(file.records)),
    el('td', { class: 'num' }, formatBytes(file.size_bytes)),
    el('td', { class: 'opt' }, `${formatUtc(file.first_ts).slice(11)} → ${formatUtc(file.last_ts).slice(11)}`),
    el('td', { class: 'opt' }, el('code', { title: file.sha256 }, (file.sha256 || '').slice(0, 12))),
    originCell(file),
    el('td', {},
      el('a', { href: `/data/backfill/${file.path}`, download: file.path.split('/').pop(), class: 'download' },
        'Download', el('span', { class: 'sr-only' }, ` ${file.path}`))));
}

function feedBlock(group) {
  const files = [...group.files].sort((a, b) => b.date.localeCompare(a.date));
  const records = files.reduce((sum, f) => sum + (f.records || 0), 0);
  const bytes = files.reduce((sum, f) => sum + (f.size_bytes || 0), 0);
  const optional = new Set(['First → last (UTC)', 'SHA-256', 'Origin']);
  const table = el('table', { class: 'files' },
    el('caption', { class: 'sr-only' }, `Published files of ${group.feed}, newest first`),
    el('thead', {}, el('tr', {}, ['Date', 'Records', 'Size', 'First → last (UTC)', 'SHA-256', 'Origin', 'File']
      .map((h) => el('th', { scope: 'col', class: h === 'Records' || h === 'Size' ? 'num' : optional.has(h) ? 'opt' : undefined }, h)))),
    el('tbody', {}, files.map(fileRow)));
  return el('article', { class: 'feed-data', 'data-feed': group.feed },
    el('h3', {}, feedLabel(group),
      el('span', { class: 'muted' }, ` · ${files.length} files · ${formatCount(records)} records · ${formatBytes(bytes)}`)),
    strip(group),
    el('details', { class: 'files-details', open: files.length <= 14 },
      el('summary', {}, `Files (${files.length})`),
      el('div', { class: 'table-wrap files-wrap' }, table)));
}

/** Lists the gaps of a day that is not whole, under the feed's strip, from the gap report. */
async function onDayClick(event) {
  const cell = event.target.closest('.day');
  if (!cell || cell.dataset.state === 'full') return;
  const block = cell.closest('.feed-data');
  const date = cell.dataset.date;
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const list = block.querySelector('.gaps') || el('div', { class: 'gaps', 'aria-live': 'polite' });
  block.querySelector('.coverage').after(list);
  list.replaceChildren(el('p', { class: 'muted' }, `Gaps of ${date}…`));
  try {
    const report = await api.gaps(block.dataset.feed, date, next);
    list.replaceChildren(
      el('h4', {}, `Gaps of ${date}`),
      report.gaps.length === 0
        ? el('p', { class: 'muted' }, 'No missing candles.')
        : el('ul', {}, report.gaps.map((g) => el('li', { class: g.confirmed ? 'confirmed' : 'unfetched' }, gapText(g)))));
  } catch (e) {
    list.replaceChildren(el('p', { class: 'inline-error', role: 'alert' }, e.message));
  }
}

function onDownloadClick(event) {
  const link = event.target.closest('a.download');
  if (!link || !auth.dataNeedsKey) return;
  event.preventDefault();
  downloadWithKey(link.getAttribute('href'), link.getAttribute('download')).catch((e) => {
    link.after(el('span', { class: 'inline-error', role: 'alert' }, ` ${e.message}`));
  });
}

let listening = false;

export function renderData(index) {
  if (!listening) {
    $('data-feeds').addEventListener('click', onDownloadClick);
    $('data-feeds').addEventListener('click', onDayClick);
    listening = true;
  }
  const groups = groupByFeed(index.files || []);
  const opened = new Map([...$('data-feeds').querySelectorAll('.feed-data')]
    .map((block) => [block.dataset.feed, block.querySelector('details').open]));
  const blocks = groups.map(feedBlock);
  for (const block of blocks) {
    if (opened.has(block.dataset.feed)) block.querySelector('details').open = opened.get(block.dataset.feed);
  }
  $('data-feeds').replaceChildren(...blocks);
  $('data-empty').hidden = groups.length > 0;
  $('data-generated').textContent = index.generated_at ? `Index of ${formatUtc(index.generated_at)} UTC` : '';
}
