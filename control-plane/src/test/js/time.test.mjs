// Unit tests of the page's time helpers (run by `node --test` in the control-plane build).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  barsPerDay, datesBetween, DAY_MS, formatDuration, formatRange, formatUtc, fromInputValue,
  lastDayIncluded, startOfUtcDay, toInputValue, toIso,
} from '../../main/resources/public/js/time.js';

const JAN_2 = Date.parse('2026-01-02T00:00:00Z');

describe('barsPerDay', () => {
  test('counts the bars of a complete UTC day', () => {
    assert.equal(barsPerDay('1s'), 86400);
    assert.equal(barsPerDay('1m'), 1440);
    assert.equal(barsPerDay('15m'), 96);
    assert.equal(barsPerDay('1d'), 1);
  });
  test('is null for a granularity the server does not know', () => {
    assert.equal(barsPerDay('2m'), null);
    assert.equal(barsPerDay(undefined), null);
  });
});

describe('UTC days and input values', () => {
  test('startOfUtcDay drops the time of day', () => {
    assert.equal(startOfUtcDay(JAN_2 + 5 * 3600_000 + 17), JAN_2);
    assert.equal(startOfUtcDay(JAN_2), JAN_2);
  });
  test('toInputValue writes UTC wall time to the minute', () => {
    assert.equal(toInputValue(Date.parse('2026-01-02T03:04:59.999Z')), '2026-01-02T03:04');
  });
  test('fromInputValue reads the value as UTC', () => {
    assert.equal(fromInputValue('2026-01-02T03:04'), Date.parse('2026-01-02T03:04:00Z'));
    assert.equal(fromInputValue('2026-01-02T03:04:05'), Date.parse('2026-01-02T03:04:05Z'));
  });
  test('fromInputValue is NaN for empty or malformed values', () => {
    for (const value of ['', null, undefined, '2026-01-02', '2026-01-02 03:04', '02/01/2026 03:04']) {
      assert.ok(Number.isNaN(fromInputValue(value)), `value ${JSON.stringify(value)}`);
    }
  });
  test('toInputValue and fromInputValue round-trip a minute', () => {
    const ms = Date.parse('2026-03-31T23:59:00Z');
    assert.equal(fromInputValue(toInputValue(ms)), ms);
  });
  test('toIso drops zero milliseconds only', () => {
    assert.equal(toIso(JAN_2), '2026-01-02T00:00:00Z');
    assert.equal(toIso(JAN_2 + 5), '2026-01-02T00:00:00.005Z');
  });
});

describe('formatUtc', () => {
  test('prints an ISO string or an instant as UTC date and minute', () => {
    assert.equal(formatUtc('2026-01-02T03:04:05Z'), '2026-01-02 03:04');
    assert.equal(formatUtc('2026-01-02T03:04:05+02:00'), '2026-01-02 01:04');
    assert.equal(formatUtc(JAN_2), '2026-01-02 00:00');
  });
  test('prints a dash for a missing value and the text for an unparseable one', () => {
    assert.equal(formatUtc(null), '–');
    assert.equal(formatUtc(''), '–');
    assert.equal(formatUtc('soon'), 'soon');
  });
});

describe('formatRange', () => {
  test('whole days print as dates with the last day inclusive', () => {
    assert.equal(formatRange('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'), '2026-01-01 (1 day)');
    assert.equal(
      formatRange('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z'),
      '2026-01-01 → 2026-01-30 (30 days)',
    );
  });
  test('other ranges print both instants to the minute', () => {
    assert.equal(
      formatRange('2026-01-01T06:00:00Z', '2026-01-02T00:00:00Z'),
      '2026-01-01 06:00 → 2026-01-02 00:00',
    );
  });
});

describe('formatDuration', () => {
  const cases = [
    [0, '0 s'],
    [42_000, '42 s'],
    [(12 * 60 + 5) * 1000, '12 min 5 s'],
    [(3 * 3600 + 7 * 60) * 1000, '3 h 7 min'],
    [DAY_MS, '1 day'],
    [5 * DAY_MS, '5 days'],
    [3 * DAY_MS + 4 * 3600_000, '3 d 4 h'],
    [-1, '–'],
    [NaN, '–'],
    [Infinity, '–'],
  ];
  for (const [ms, expected] of cases) {
    test(`${ms} ms is "${expected}"`, () => assert.equal(formatDuration(ms), expected));
  }
});

describe('datesBetween', () => {
  test('lists every UTC date, both ends included, across a month end', () => {
    assert.deepEqual(datesBetween('2026-01-30', '2026-02-02'), [
      '2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02',
    ]);
  });
  test('is one date for the same day and none for a reversed pair', () => {
    assert.deepEqual(datesBetween('2026-01-01', '2026-01-01'), ['2026-01-01']);
    assert.deepEqual(datesBetween('2026-01-02', '2026-01-01'), []);
  });
  test('counts a leap day', () => {
    assert.equal(datesBetween('2028-02-01', '2028-03-01').length, 30);
  });
});

describe('lastDayIncluded', () => {
  test('an end at midnight leaves that day out: the range is [start, end)', () => {
    assert.equal(lastDayIncluded(Date.parse('2026-01-04T00:00:00Z')), '2026-01-03');
    assert.equal(lastDayIncluded(Date.parse('2020-01-03T00:00:00Z')), '2020-01-02');
  });
  test('an end during a day includes that day', () => {
    assert.equal(lastDayIncluded(Date.parse('2026-01-04T12:00:00Z')), '2026-01-04');
    assert.equal(lastDayIncluded(Date.parse('2026-01-04T00:01:00Z')), '2026-01-04');
  });
  test('is empty for an unreadable end', () => {
    assert.equal(lastDayIncluded(NaN), '');
  });
});
