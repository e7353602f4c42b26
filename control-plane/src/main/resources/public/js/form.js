// The "Start a backfill" form: feed choice, UTC range, validation and the Run button.

import { api, ApiError } from './api.js';
import { $, el } from './dom.js';
import { feedLabel, formatCount } from './format.js';
import {
  barsPerDay, DAY_MS, formatDuration, formatUtc, fromInputValue, lastDayIncluded, startOfUtcDay,
  toInputValue, toIso,
} from './time.js';

export class StartForm {
  /** onStarted(job) runs after a 201; onConflict() after a 409 (another job is active). */
  constructor({ onStarted, onConflict }) {
    this.onStarted = onStarted;
    this.onConflict = onConflict;
    this.feeds = [];
    this.activeJob = null;
    this.sending = false;
    this.form = $('start-form');
    this.feed = $('feed');
    this.start = $('start');
    this.end = $('end');
    this.refresh = $('refresh');
    this.run = $('run');
    this.message = $('form-message');
    const today = startOfUtcDay(Date.now());
    this.start.value = toInputValue(today - 30 * DAY_MS);
    this.end.value = toInputValue(today);
    for (const input of [this.feed, this.start, this.end]) {
      input.addEventListener('input', () => this.changed());
      input.addEventListener('change', () => this.changed());
    }
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  setFeeds(feeds) {
    this.feeds = feeds;
    const chosen = this.feed.value;
    const options = feeds.map((f) =>
      el('option', { value: f.feed }, `${feedLabel(f)}${f.days ? ` (${formatCount(f.days)} days stored)` : ''}`));
    if (feeds.length === 0) options.push(el('option', { value: '' }, 'No feeds configured'));
    else options.unshift(el('option', { value: '' }, 'Choose a feed…'));
    this.feed.replaceChildren(...options);
    if (feeds.some((f) => f.feed === chosen)) this.feed.value = chosen;
    else if (feeds.length === 1) this.feed.value = feeds[0].feed;
    this.update();
  }

  /** The job that blocks a new run (pending or running), or null. */
  setActiveJob(job) {
    this.activeJob = job;
    this.update();
  }

  selectedFeed() {
    return this.feeds.find((f) => f.feed === this.feed.value) || null;
  }

  /** What is wrong with the form, or null: {text, field, show} (show = worth an alert now). */
  problem() {
    const start = fromInputValue(this.start.value);
    const end = fromInputValue(this.end.value);
    if (Number.isNaN(start)) return { text: 'Enter a start date and time (UTC).', field: this.start, show: false };
    if (Number.isNaN(end)) return { text: 'Enter an end date and time (UTC).', field: this.end, show: false };
    if (end <= start) return { text: 'The end must be after the start.', field: this.end, show: true };
    if (!this.selectedFeed()) return { text: 'Choose a feed.', field: this.feed, show: false };
    return null;
  }

  changed() {
    if (this.message.dataset.source === 'server') this.clearMessage();
    this.update();
  }

  update() {
    const problem = this.problem();
    for (const input of [this.feed, this.start, this.end]) {
      input.toggleAttribute('aria-invalid', Boolean(problem && problem.show && problem.field === input));
    }
    if (problem && problem.show) this.showMessage(problem.text, 'client');
    else if (this.message.dataset.source === 'client') this.clearMessage();
    this.run.disabled = Boolean(problem) || Boolean(this.activeJob) || this.sending;
    $('run-hint').textContent = this.activeJob
      ? `A backfill is already ${this.activeJob.status}: wait for it to end or cancel it.`
      : problem && !problem.show ? problem.text : '';
    this.summarize();
  }

  summarize() {
    const feed = this.selectedFeed();
    $('feed-hint').textContent = feed && feed.days
      ? `Stored: ${formatCount(feed.records)} records over ${formatCount(feed.days)} days`
        + (feed.first_ts ? `, ${feed.first_ts.slice(0, 10)} → ${feed.last_ts.slice(0, 10)}.` : '.')
      : feed ? 'Nothing stored for this feed yet.' : '';
    const start = fromInputValue(this.start.value);
    const end = fromInputValue(this.end.value);
    $('end-hint').textContent = Number.isNaN(end) || end <= start
      ? 'The end itself is not included.'
      : `Last day included: ${lastDayIncluded(end)}`;
    const summary = $('range-summary');
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
      summary.textContent = '';
      return;
    }
    const bars = feed ? barsPerDay(feed.granularity) : null;
    const expected = bars ? ` · about ${formatCount(Math.floor(((end - start) / DAY_MS) * bars))} records` : '';
    summary.textContent = `${formatUtc(start)} → ${formatUtc(end)} UTC · ${formatDuration(end - start)}${expected}`;
  }

  showMessage(text, source, detail) {
    this.message.replaceChildren(el('strong', {}, text), ...(detail ? [el('span', {}, ` ${detail}`)] : []));
    this.message.dataset.source = source;
    this.message.className = 'message error';
    this.message.hidden = false;
  }

  clearMessage() {
    this.message.hidden = true;
    this.message.replaceChildren();
    delete this.message.dataset.source;
  }

  async submit() {
    const feed = this.selectedFeed();
    if (this.problem() || this.activeJob || this.sending || !feed) return;
    this.sending = true;
    this.clearMessage();
    this.update();
    const body = {
      source: feed.source,
      subject: feed.subject,
      kind: feed.kind,
      granularity: feed.granularity,
      start: toIso(fromInputValue(this.start.value)),
      end: toIso(fromInputValue(this.end.value)),
      refresh: this.refresh.checked,
    };
    try {
      const job = await api.start(body);
      this.onStarted(job);
    } catch (e) {
      this.showServerError(e);
      if (e instanceof ApiError && e.status === 409) this.onConflict();
    } finally {
      this.sending = false;
      this.update();
    }
  }

  showServerError(e) {
    if (e instanceof ApiError) {
      const title = { 400: 'Rejected by the server', 401: 'Not authorised', 409: 'Refused: a backfill is already active' };
      this.showMessage(`${title[e.status] || `Server error ${e.status}`}.`, 'server', `${e.error}: ${e.detail}`);
    } else {
      this.showMessage('Could not reach the server.', 'server', String(e.message || e));
    }
    this.message.dataset.status = e.status || '';
  }
}
