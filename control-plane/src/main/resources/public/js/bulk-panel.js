// The "Bulk backfill" section: several feeds (or one long range) in chunks, and the chunks of the
// latest bulk job. Cancel and resume go through the job routes, as for single jobs.

import { api } from './api.js';
import { $, badge, el } from './dom.js';
import { bulkRequest, chunkSummary, chunksByFeed, chunkTitle } from './bulk.js';
import { ACTIVE, RESUMABLE } from './format.js';

const POLL_MS = 2000;

export class BulkPanel {
  /** onChange() runs after the section started, cancelled or resumed a job. */
  constructor({ onChange }) {
    this.onChange = onChange;
    this.bulk = null;
    this.timer = null;
    this.feeds = $('bulk-feeds');
    this.message = $('bulk-message');
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    $('bulk-start').value = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    $('bulk-end').value = today;
    $('bulk-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    $('bulk-cancel').addEventListener('click', () => this.act(() => api.cancel(this.bulk.job.id)));
    $('bulk-resume').addEventListener('click', () => this.act(() => api.resume(this.bulk.job.id)));
  }

  setFeeds(feeds) {
    const chosen = new Set([...this.feeds.selectedOptions].map((o) => o.value));
    this.feeds.replaceChildren(
      ...feeds.map((f) => el('option', { value: f.feed, selected: chosen.has(f.feed) }, f.feed)));
  }

  async submit() {
    const request = bulkRequest({
      feeds: [...this.feeds.selectedOptions].map((o) => o.value),
      start: $('bulk-start').value,
      end: $('bulk-end').value,
      chunkDays: $('bulk-chunk-days').value,
      waveChunks: $('bulk-wave-chunks').value,
    });
    if (request.error) return this.say(request.error);
    await this.act(() => api.startBulk(request.body));
  }

  async act(call) {
    this.say('');
    try {
      await call();
      await this.refresh();
      this.onChange();
    } catch (e) {
      this.say(e.detail || e.message);
    }
  }

  say(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
  }

  /** Shows the latest bulk job; polls while it is active. */
  async refresh() {
    const [latest] = await api.bulks(1);
    this.show(latest || null);
    clearTimeout(this.timer);
    if (latest && ACTIVE.has(latest.job.status)) {
      this.timer = setTimeout(() => this.refresh().catch(() => {}), POLL_MS);
    }
  }

  /** Looks for a bulk job started elsewhere unless the section already follows an active one. */
  refreshIfIdle() {
    if (!this.bulk || !ACTIVE.has(this.bulk.job.status)) this.refresh().catch(() => {});
  }

  show(bulk) {
    this.bulk = bulk;
    $('bulk-empty').hidden = Boolean(bulk);
    $('bulk-panel').hidden = !bulk;
    if (!bulk) return;
    const status = bulk.job.status;
    $('bulk-status').replaceChildren(badge(status));
    $('bulk-summary').textContent = chunkSummary(bulk);
    $('bulk-range').textContent =
      `${bulk.job.start_ts.slice(0, 10)} to ${bulk.job.last_day}, ${bulk.chunk_days} day(s) per chunk`;
    $('bulk-chunks').replaceChildren(...chunksByFeed(bulk).map(({ feed, chunks }) =>
      el('div', { class: 'bulk-feed' },
        el('p', { class: 'bulk-feed-name' }, feed),
        el('div', { class: 'strip', role: 'list' }, chunks.map((c) =>
          el('span', {
            class: `chunk chunk-${c.state}`, role: 'listitem', title: chunkTitle(c), 'data-state': c.state,
          }))))));
    const error = $('bulk-error');
    error.textContent = bulk.job.error || '';
    error.hidden = !bulk.job.error;
    $('bulk-cancel').hidden = !ACTIVE.has(status) || bulk.job.cancel_requested;
    $('bulk-resume').hidden = !RESUMABLE.has(status);
  }
}
