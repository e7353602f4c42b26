// The job history table, newest first.

import { $, badge, el } from './dom.js';
import { feedLabel, formatCount, formatPct } from './format.js';
import { formatRange, formatUtc } from './time.js';

function progressCell(job) {
  const pct = Math.max(0, Math.min(100, Number(job.progress_pct) || 0));
  const fill = el('span', { class: `mini-fill status-${job.status}` });
  fill.style.width = `${pct}%`;
  return el('div', { class: 'mini' }, el('span', { class: 'mini-bar', 'aria-hidden': 'true' }, fill), formatPct(pct));
}

function row(job) {
  const tr = el(
    'tr',
    { 'data-job-id': job.id, 'data-status': job.status },
    el('td', { 'data-label': 'Feed', class: 'feed-cell' }, feedLabel(job)),
    el('td', { 'data-label': 'Range' }, formatRange(job.start_ts, job.end_ts)),
    el('td', { 'data-label': 'Status' }, badge(job.status)),
    el('td', { 'data-label': 'Progress' }, progressCell(job)),
    el('td', { 'data-label': 'Records', class: 'num' }, formatCount(job.records_written)),
    el('td', { 'data-label': 'Pages', class: 'num' }, formatCount(job.pages_fetched)),
    el('td', { 'data-label': 'Created' }, formatUtc(job.created_at)),
  );
  const rows = [tr];
  if (job.error) rows.push(detailRow('error', job.id, 'Error: ', job.error));
  // how the job got its data (an archive that refused access, a fallback to daily files, ...)
  for (const note of Array.isArray(job.notes) ? job.notes : []) {
    rows.push(detailRow('note', job.id, 'Note: ', note));
  }
  if (rows.length > 1) tr.classList.add('has-error');
  return rows;
}

/** A full-width row under a job's row: its error (`kind` "error") or one of its notes (`kind` "note"). */
function detailRow(kind, jobId, label, text) {
  const classes = kind === 'error' ? 'error-row' : `error-row ${kind}-row`;
  return el('tr', { class: classes, [`data-${kind}-for`]: jobId },
    el('td', { colspan: '7' }, el('span', { class: `${kind}-text` }, el('strong', {}, label), text)));
}

export function renderHistory(jobs) {
  const sorted = [...jobs].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  $('history').querySelector('tbody').replaceChildren(...sorted.flatMap(row));
  $('history').hidden = sorted.length === 0;
  $('history-empty').hidden = sorted.length > 0;
  $('history-count').textContent = sorted.length ? `${sorted.length} most recent` : '';
}
