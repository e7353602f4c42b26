// Unit tests of the bulk section's pure functions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  bulkRequest, chunkSummary, chunksByFeed, chunkTitle,
} from '../../main/resources/public/js/bulk.js';

const values = {
  feeds: ['sim/BTCUSDT/candle/1m', 'sim/ETHUSDT/candle/1m'],
  start: '2026-01-01',
  end: '2026-01-05',
  chunkDays: '1',
  waveChunks: '2',
};

describe('bulkRequest', () => {
  test('builds the body the route takes, numbers as numbers', () => {
    assert.deepEqual(bulkRequest(values).body, {
      feeds: ['sim/BTCUSDT/candle/1m', 'sim/ETHUSDT/candle/1m'],
      start: '2026-01-01',
      end: '2026-01-05',
      chunk_days: 1,
      wave_chunks: 2,
    });
  });
  test('names what to fix', () => {
    assert.equal(bulkRequest({ ...values, feeds: [] }).error, 'Choose at least one feed.');
    assert.match(bulkRequest({ ...values, end: '2026-01-01' }).error, /end is exclusive/);
    assert.match(bulkRequest({ ...values, chunkDays: '0' }).error, /Days per chunk/);
    assert.match(bulkRequest({ ...values, waveChunks: '1.5' }).error, /Chunks per commit/);
    assert.match(bulkRequest({ ...values, start: '' }).error, /start and an end/);
  });
});

const chunk = (feed, start, end, state, extra = {}) => ({
  feed, start_ts: start, end_ts: end, state, records_written: state === 'done' ? 1440 : 0, ...extra,
});

const bulk = {
  job: { status: 'running' },
  feeds: ['sim/ETHUSDT/candle/1m', 'sim/BTCUSDT/candle/1m'],
  chunks_total: 4,
  chunks_done: 1,
  chunks_running: 2,
  chunks_failed: 1,
  chunks: [
    chunk('sim/BTCUSDT/candle/1m', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'done'),
    chunk('sim/BTCUSDT/candle/1m', '2026-01-02T00:00:00Z', '2026-01-04T00:00:00Z', 'running'),
    chunk('sim/ETHUSDT/candle/1m', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'failed',
      { error: 'HTTP 403' }),
    chunk('sim/ETHUSDT/candle/1m', '2026-01-02T00:00:00Z', '2026-01-04T00:00:00Z', 'running'),
  ],
};

describe('chunkSummary', () => {
  test('counts done of total, then running and failed when there are any', () => {
    assert.equal(chunkSummary(bulk), '1 of 4 chunks done · 2 running · 1 failed');
    assert.equal(
      chunkSummary({ ...bulk, chunks_done: 4, chunks_running: 0, chunks_failed: 0 }),
      '4 of 4 chunks done');
  });
  test('says the chunks are being planned before the job has any', () => {
    assert.equal(chunkSummary({ ...bulk, chunks_total: 0 }), 'Planning chunks…');
    assert.equal(chunkSummary({ ...bulk, chunks_total: 0, job: { status: 'failed' } }), 'No chunks planned.');
  });
});

describe('chunksByFeed and chunkTitle', () => {
  test('groups chunks in the order of the job\'s feeds', () => {
    const groups = chunksByFeed(bulk);
    assert.deepEqual(groups.map((g) => g.feed), bulk.feeds);
    assert.deepEqual(groups[0].chunks.map((c) => c.state), ['failed', 'running']);
  });
  test('names the days (end exclusive), the state, the rows and a failure', () => {
    assert.equal(chunkTitle(bulk.chunks[0]), '2026-01-01: done, 1440 rows');
    assert.equal(chunkTitle(bulk.chunks[1]), '2026-01-02 to 2026-01-03: running');
    assert.equal(chunkTitle(bulk.chunks[2]), '2026-01-01: failed (HTTP 403)');
  });
});
