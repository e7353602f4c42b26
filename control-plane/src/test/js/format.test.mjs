// Unit tests of the page's number and text formatting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ACTIVE, describePhase, feedLabel, formatBytes, formatCount, formatPct, RESUMABLE,
} from '../../main/resources/public/js/format.js';

describe('formatCount', () => {
  test('groups thousands', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(1440), '1,440');
    assert.equal(formatCount(2_628_000), '2,628,000');
  });
  test('prints a dash for what is not a number', () => {
    assert.equal(formatCount(undefined), '–');
    assert.equal(formatCount(NaN), '–');
  });
});

describe('formatBytes', () => {
  const cases = [
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
    [2048 * 1024 ** 3, '2048.0 GiB'],
  ];
  for (const [n, expected] of cases) {
    test(`${n} bytes is "${expected}"`, () => assert.equal(formatBytes(n), expected));
  }
  test('prints a dash for what is not a number', () => assert.equal(formatBytes(null), '–'));
});

describe('formatPct', () => {
  test('one decimal between 0 and 100, none at the ends', () => {
    assert.equal(formatPct(0), '0%');
    assert.equal(formatPct(12.345), '12.3%');
    assert.equal(formatPct(99.96), '100.0%');
    assert.equal(formatPct(100), '100%');
    assert.equal(formatPct(140), '140%');
  });
  test('prints a dash for what is not a number', () => assert.equal(formatPct(undefined), '–'));
});

describe('feedLabel and ACTIVE', () => {
  test('a feed or job prints its four parts', () => {
    const job = { source: 'binance', subject: 'BTCUSDT', kind: 'candle', granularity: '1m', id: 'x' };
    assert.equal(feedLabel(job), 'binance · BTCUSDT · candle · 1m');
  });
  test('pending and running are the active statuses', () => {
    assert.deepEqual([...ACTIVE].sort(), ['pending', 'running']);
  });
});

describe('describePhase', () => {
  const running = {
    status: 'running', fetched_rows: 2880, fetched_pages: 3, fetched_until: '2026-01-03T00:00:00Z',
  };
  test('shows the fetched progress ahead of the commit', () => {
    assert.equal(describePhase({ ...running, phase: 'fetching' }),
      'Fetching · 2,880 rows in 3 pages up to 2026-01-03 00:00');
    assert.equal(describePhase({ ...running, phase: 'committing' }),
      'Committing · fetched 2,880 rows in 3 pages up to 2026-01-03 00:00');
    assert.equal(describePhase({ ...running, phase: 'starting' }), 'Starting Spark…');
  });
  test('shows the retry the job waits on, as the server words it', () => {
    assert.equal(describePhase({
      ...running, phase: 'retrying', retry_status: 'retrying: HTTP 503 since 12:03:10, next try in 20 s',
    }), 'Retrying: HTTP 503 since 12:03:10, next try in 20 s');
  });
  test('says a pending job waits and an ended one skipped days', () => {
    assert.equal(describePhase({ status: 'pending' }), 'Waiting for the Spark job to start…');
    assert.equal(describePhase({ status: 'completed', days_skipped: 3 }),
      '3 day(s) skipped: already stored.');
    assert.equal(describePhase({ status: 'failed', days_skipped: 0 }), '');
  });
  test('only failed and cancelled jobs can be resumed', () => {
    assert.deepEqual([...RESUMABLE].sort(), ['cancelled', 'failed']);
  });
});
