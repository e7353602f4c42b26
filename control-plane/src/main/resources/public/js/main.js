// Wires the page together: loads feeds, jobs and the data index, follows the active job and
// refreshes the rest when it ends.

import { api, forgetKey, onKeyNeeded, storedKey } from './api.js';
import { BulkPanel } from './bulk-panel.js';
import { renderData } from './data.js';
import { $ } from './dom.js';
import { ACTIVE } from './format.js';
import { StartForm } from './form.js';
import { renderHistory } from './history.js';
import { JobPanel } from './job.js';

const IDLE_REFRESH_MS = 15000;

function askForKey(refused) {
  const dialog = $('key-dialog');
  const input = $('api-key');
  const error = $('key-error');
  error.textContent = 'That key was refused: check it and try again.';
  error.hidden = !refused;
  input.value = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const key = dialog.returnValue === 'ok' ? input.value.trim() : '';
      showKeyState(Boolean(key));
      resolve(key || null);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}

function showKeyState(hasKey) {
  $('forget-key').hidden = !hasKey;
}

function setStatus(text, ok) {
  const status = $('server-status');
  status.textContent = text;
  status.classList.toggle('bad', !ok);
}

let jobs = [];
let lastCommit = '';

function showJobs(list) {
  jobs = list;
  renderHistory(jobs);
}

const panel = new JobPanel({
  onChange: (job) => {
    form.setActiveJob(ACTIVE.has(job.status) ? job : null);
    // Each commit publishes its days: show them while the job goes on.
    const key = `${job.id}:${job.records_written}`;
    if (job.records_written > 0 && key !== lastCommit) {
      Promise.all([refreshData(), refreshFeeds()]).catch(() => {});
    }
    lastCommit = key;
    if (jobs.some((j) => j.id === job.id)) showJobs(jobs.map((j) => (j.id === job.id ? job : j)));
  },
  onEnded: () => refreshAll(),
});

const form = new StartForm({
  onStarted: (job) => {
    form.setActiveJob(job);
    panel.follow(job);
    refreshJobs();
  },
  onConflict: () => refreshJobs(),
});

const bulk = new BulkPanel({ onChange: () => refreshJobs().catch(() => {}) });

async function refreshFeeds() {
  const feeds = await api.feeds();
  form.setFeeds(feeds);
  bulk.setFeeds(feeds);
  return feeds;
}

async function refreshJobs() {
  showJobs(await api.jobs(25));
  const active = jobs.find((job) => ACTIVE.has(job.status));
  if (active && !panel.isFollowing(active.id)) panel.follow(active);
  else if (!active && !panel.job && jobs.length) panel.follow(jobs[0]);
  if (!panel.job || !ACTIVE.has(panel.job.status)) form.setActiveJob(active || null);
}

async function refreshData() {
  renderData(await api.index());
}

async function refreshAll() {
  const results = await Promise.allSettled(
    [refreshFeeds(), refreshJobs(), refreshData(), bulk.refresh()]);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length === 0) setStatus('Connected', true);
  else setStatus(`Server problem: ${failed[0].reason.message}`, false);
  document.body.dataset.ready = 'true';
}

onKeyNeeded(askForKey);
showKeyState(Boolean(storedKey()));
$('forget-key').addEventListener('click', () => {
  forgetKey();
  showKeyState(false);
});
refreshAll();
setInterval(() => {
  if (!panel.job || !ACTIVE.has(panel.job.status)) refreshJobs().catch(() => {});
  bulk.refreshIfIdle();
}, IDLE_REFRESH_MS);
