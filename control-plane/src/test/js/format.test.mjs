// Unit tests of the page's number and text formatting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ACTIVE, feedLabel, formatBytes, formatCount, formatPct,
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
