// The "Active job" panel: progress bar, counters, time left and Cancel, polling the job detail
// every POLL_MS while it is pending or running and stopping once it ends.

import { api } from './api.js';
import { $, el } from './dom.js';
import {
  ACTIVE, describePhase, feedLabel, formatCount, formatPct, RESUMABLE,
} from './format.js';
import { formatDuration, formatRange, formatUtc } from './time.js';

const POLL_MS = 1000;
const RETRY_MS = 2000;

export class JobPanel {
  /** onChange(job) after every fresh state; onEnded(job) once when a followed job ends. */
  constructor({ onChange, onEnded }) {
    this.onChange = onChange;
    this.onEnded = onEnded;
    this.job = null;
    this.timer = null;
    this.clock = null;
    $('cancel').addEventListener('click', () => this.cancel());
    $('resume').addEventListener('click', () => this.resume());
  }

  /** Follows this job: renders it and polls while it is active. */
  follow(job) {
    const fresh = !this.job || this.job.id !== job.id;
    this.stopPolling();
    this.job = job;
    if (fresh) $('job-error').hidden = true;
    this.render();
    if (ACTIVE.has(job.status)) {
      this.schedule(POLL_MS);
      this.clock = setInterval(() => this.renderTimes(), 1000);
    }
  }

  isFollowing(id) {
    return this.job && this.job.id === id;
  }

  schedule(ms) {
    this.timer = setTimeout(() => this.poll(), ms);
  }

  stopPolling() {
    clearTimeout(this.timer);
    clearInterval(this.clock);
    this.timer = null;
    this.clock = null;
  }

  async poll() {
    const id = this.job.id;
    try {
      const job = await api.job(id);
      if (!this.isFollowing(id)) return;
      this.apply(job);
    } catch (e) {
      if (!this.isFollowing(id)) return;
      this.showError(`Lost contact with the server (${e.message}); retrying…`);
      this.schedule(RETRY_MS);
    }
  }

  apply(job) {
    const wasActive = ACTIVE.has(this.job.status);
    this.job = job;
    this.render();
    this.onChange(job);
    if (ACTIVE.has(job.status)) {
      this.schedule(POLL_MS);
    } else {
      this.stopPolling();
      if (wasActive) this.onEnded(job);
    }
  }

  async cancel() {
    const button = $('cancel');
    button.disabled = true;
    button.textContent = 'Cancelling…';
    try {
      const job = await api.cancel(this.job.id);
      this.stopPolling();
      this.apply(job);
    } catch (e) {
      this.showError(`Cancel failed: ${e.message}`);
      button.disabled = false;
      button.textContent = 'Cancel job';
    }
  }

  async resume() {
    const button = $('resume');
    button.disabled = true;
    button.textContent = 'Resuming…';
    try {
      const job = await api.resume(this.job.id);
      $('job-error').hidden = true;
      this.follow(job);
      this.onChange(job);
    } catch (e) {
      this.showError(`Resume failed: ${e.message}`);
    } finally {
      button.disabled = false;
      button.textContent = 'Resume job';
    }
  }

  showError(text) {
    const box = $('job-error');
    box.textContent = text;
    box.hidden = false;
  }

  render() {
    const job = this.job;
    $('job-empty').hidden = Boolean(job);
    $('job-panel').hidden = !job;
    if (!job) return;
    const active = ACTIVE.has(job.status);
    $('job-title').textContent = active ? 'Active job' : 'Last job';
    const status = $('job-status');
    status.hidden = false;
    status.textContent = job.cancel_requested && active ? 'cancelling' : job.status;
    status.className = `badge status-${job.status}`;
    status.dataset.status = job.status;
    $('job-card').dataset.jobId = job.id;
    $('job-feed').textContent = feedLabel(job);
    $('job-range').textContent = formatRange(job.start_ts, job.end_ts);
    const pct = Math.max(0, Math.min(100, Number(job.progress_pct) || 0));
    const bar = $('job-progress');
    bar.setAttribute('aria-valuenow', String(Math.round(pct * 10) / 10));
    bar.setAttribute('aria-valuetext', formatPct(pct));
    bar.dataset.status = job.status;
    $('job-progress-fill').style.width = `${pct}%`;
    const fetchedPct = Math.max(pct, Math.min(100, Number(job.fetched_pct) || 0));
    $('job-progress-fetched').style.width = `${active ? fetchedPct : pct}%`;
    $('job-pct').textContent = formatPct(pct);
    const phase = $('job-phase');
    phase.textContent = describePhase(job);
    phase.parentElement.dataset.phase = job.phase || '';
    $('job-records').textContent = formatCount(job.records_written);
    $('job-fetched').textContent = formatCount(job.fetched_rows);
    $('job-skipped').textContent = formatCount(job.days_skipped);
    $('job-pages').textContent = formatCount(job.pages_fetched);
    $('job-cursor').textContent = formatUtc(job.cursor_ts);
    renderNotes($('job-notes'), job.notes);
    if (job.status === 'failed') this.showError(job.error || 'The job failed without a message.');
    else if ($('job-error').textContent.startsWith('Lost contact')) $('job-error').hidden = true;
    const cancel = $('cancel');
    cancel.hidden = !active;
    cancel.disabled = Boolean(job.cancel_requested);
    cancel.textContent = job.cancel_requested ? 'Cancelling…' : 'Cancel job';
    $('resume').hidden = !RESUMABLE.has(job.status);
    this.renderTimes();
  }

  renderTimes() {
    const job = this.job;
    if (!job) return;
    const created = Date.parse(job.created_at);
    const active = ACTIVE.has(job.status);
    const elapsed = (active ? Date.now() : Date.parse(job.updated_at)) - created;
    $('job-elapsed').textContent = formatDuration(elapsed);
    const pct = Number(job.progress_pct) || 0;
    let eta = '';
    if (job.status === 'pending') eta = '· waiting to start';
    else if (active && pct > 0 && pct < 100) eta = `· about ${formatDuration((elapsed * (100 - pct)) / pct)} left`;
    else if (active) eta = '· estimating time left…';
    else if (job.status === 'completed') eta = `· finished in ${formatDuration(elapsed)}`;
    else eta = `· ${job.status} after ${formatDuration(elapsed)}`;
    $('job-eta').textContent = eta;
  }
}

/** The job's notes (fallbacks it took, candles left unconfirmed) as list items; hidden when none. */
function renderNotes(list, notes) {
  const items = Array.isArray(notes) ? notes : [];
  list.replaceChildren(...items.map((text) => el('li', {}, text)));
  list.hidden = items.length === 0;
}
