// Unit tests of the page's coverage computation from the published index.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  coverageDays, gapText, groupByFeed, parseFilePath, summarize,
} from '../../main/resources/public/js/coverage.js';

const BTC = 'binance/BTCUSDT/candle/1m';

describe('parseFilePath', () => {
  test('splits a published path into its feed and date', () => {
    assert.deepEqual(parseFilePath(`${BTC}/2026-01-01.parquet`), {
      feed: BTC,
      source: 'binance',
      subject: 'BTCUSDT',
      kind: 'candle',
      granularity: '1m',
      date: '2026-01-01',
    });
  });
  test('is null for a path that is not source/subject/kind/granularity/file', () => {
    assert.equal(parseFilePath('binance/BTCUSDT/2026-01-01.parquet'), null);
    assert.equal(parseFilePath(`x/${BTC}/2026-01-01.parquet`), null);
  });
});

describe('groupByFeed', () => {
  test('groups files by feed, sorted by feed, keeping each file in order', () => {
    const groups = groupByFeed([
      { path: `${BTC}/2026-01-02.parquet`, records: 1440 },
      { path: 'binance/ADAUSDT/candle/1m/2026-01-01.parquet', records: 10 },
      { path: `${BTC}/2026-01-01.parquet`, records: 1000 },
      { path: 'stray.parquet', records: 5 },
    ]);
    assert.deepEqual(groups.map((g) => g.feed), ['binance/ADAUSDT/candle/1m', BTC]);
    assert.deepEqual(groups[1].files.map((f) => [f.date, f.records]), [
      ['2026-01-02', 1440],
      ['2026-01-01', 1000],
    ]);
    assert.equal(groups[1].granularity, '1m');
  });
  test("a file's own date wins over the one in its path", () => {
    const [group] = groupByFeed([{ path: `${BTC}/2026-01-01.parquet`, date: '2025-12-31', records: 1 }]);
    assert.equal(group.files[0].date, '2025-12-31');
  });
  test('no files, no groups', () => {
    assert.deepEqual(groupByFeed([]), []);
  });
});

describe('coverageDays and summarize', () => {
  const group = {
    granularity: '1m',
    files: [
      { date: '2026-01-01', records: 1440 },
      { date: '2026-01-02', records: 720 },
      { date: '2026-01-04', records: 1500 },
    ],
  };

  test('one entry per day from the first to the last file, gaps missing', () => {
    assert.deepEqual(coverageDays(group), [
      { date: '2026-01-01', records: 1440, expected: 1440, ratio: 1, state: 'full' },
      { date: '2026-01-02', records: 720, expected: 1440, ratio: 0.5, state: 'partial' },
      { date: '2026-01-03', records: 0, expected: 1440, ratio: 0, state: 'missing' },
      { date: '2026-01-04', records: 1500, expected: 1440, ratio: 1, state: 'full' },
    ]);
  });
  test("a day keeps its file's origin and archive digest when the index has them", () => {
    const days = coverageDays({
      granularity: '1m',
      files: [
        { date: '2026-01-01', records: 1440, origin: 'archive', archive_sha256: 'ab12' },
        { date: '2026-01-02', records: 1440, origin: 'rest' },
      ],
    });
    assert.deepEqual(days.map((d) => [d.origin, d.archiveSha256]), [['archive', 'ab12'], ['rest', undefined]]);
  });
  test('summarize counts the days by state', () => {
    assert.deepEqual(summarize(coverageDays(group)), { days: 4, full: 2, partial: 1, missing: 1 });
  });
  test('an unknown granularity counts any file as full', () => {
    const days = coverageDays({ granularity: '7m', files: [{ date: '2026-01-01', records: 3 }] });
    assert.deepEqual(days, [{ date: '2026-01-01', records: 3, expected: null, ratio: 1, state: 'full' }]);
  });
  test('no files, no days', () => {
    assert.deepEqual(coverageDays({ granularity: '1m', files: [] }), []);
    assert.deepEqual(summarize([]), { days: 0, full: 0, partial: 0, missing: 0 });
  });
});

describe('gapText', () => {
  test('a run inside a day reads as its times, count and kind', () => {
    assert.equal(
      gapText({ start: '2026-01-01T10:00:00Z', end: '2026-01-01T10:05:00Z', candles: 5, confirmed: true }),
      '10:00 → 10:05 UTC · 5 candles · confirmed: the provider has no data',
    );
  });
  test('a run to midnight ends at 24:00; one over midnight shows both dates', () => {
    assert.equal(
      gapText({ start: '2026-01-01T23:59:00Z', end: '2026-01-02T00:00:00Z', candles: 1, confirmed: false }),
      '23:59 → 24:00 UTC · 1 candle · never fetched',
    );
    assert.equal(
      gapText({ start: '2026-01-01T23:50:00Z', end: '2026-01-02T00:02:00Z', candles: 12, confirmed: true }),
      '2026-01-01 23:50 → 2026-01-02 00:02 UTC · 12 candles · confirmed: the provider has no data',
    );
  });
});
