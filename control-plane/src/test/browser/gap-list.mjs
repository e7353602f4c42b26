// Drives the page's data section in Debian's headless Chromium through playwright-core, against a
// real control plane (started by GapListBrowserTest) whose backfill job really ran and published a
// day with two kinds of gaps: one the provider confirmed (it returned no candles for it) and one
// that was never fetched (before the job's start); its archive refused access, which the job card
// shows as a note.
//
//   node gap-list.mjs --base-url http://127.0.0.1:PORT --screenshots DIR --feed F --day D
//        [--timeout-ms 120000]
//
// Prints "ok <step>: <what was seen>" or "not ok <step>: <why>" per step, stops at the first
// failure and exits 0 only when every step passed. Every wait polls with a generous deadline (no
// fixed short sleeps): the machine may be busy.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-quic', '--disable-sync',
];

function parseArgs(argv) {
  const args = { timeoutMs: 120_000 };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    const next = () => argv[++i];
    if (name === '--base-url') args.baseUrl = next().replace(/\/$/, '');
    else if (name === '--screenshots') args.screenshots = next();
    else if (name === '--feed') args.feed = next();
    else if (name === '--day') args.day = next();
    else if (name === '--timeout-ms') args.timeoutMs = Number(next());
    else throw new Error(`unknown argument ${name}`);
  }
  if (!args.baseUrl || !args.screenshots || !args.feed || !args.day) {
    throw new Error('usage: node gap-list.mjs --base-url URL --screenshots DIR --feed F --day D');
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.screenshots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, fn) {
  const started = Date.now();
  try {
    const seen = await fn();
    console.log(`ok ${name}: ${seen || 'done'} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`not ok ${name}: ${String(e.message || e).split('\n')[0]}`);
    throw e;
  }
}

const shot = (page, name) => page.screenshot({ path: path.join(args.screenshots, `${name}.png`), fullPage: true });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
page.setDefaultTimeout(args.timeoutMs);
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
});
const block = page.locator(`.feed-data[data-feed="${args.feed}"]`);
const cell = block.locator(`.day[data-date="${args.day}"]`);
let exitCode = 0;

try {
  await step('load', async () => {
    const response = await page.goto(`${args.baseUrl}/`);
    check(response.ok(), `GET / answered ${response.status()}`);
    await page.waitForSelector('body[data-ready="true"]');
    await cell.waitFor({ state: 'visible' });
    return `${args.feed} has a cell for ${args.day}`;
  });

  await step('partial-day-in-strip', async () => {
    const state = await cell.getAttribute('data-state');
    check(state === 'partial', `the day's state is ${state}`);
    return await cell.getAttribute('title');
  });

  await step('click-lists-gaps', async () => {
    await cell.click();
    const heading = block.locator('.gaps h4');
    await heading.waitFor({ state: 'visible' });
    const text = await heading.textContent();
    check(text === `Gaps of ${args.day}`, `the list is headed "${text}"`);
    await block.locator('.gaps li').first().waitFor({ state: 'visible' });
    await shot(page, '01-gaps');
    const items = await block.locator('.gaps li').allTextContents();
    return items.join(' | ');
  });

  await step('never-fetched-gap', async () => {
    const items = await block.locator('.gaps li.unfetched').allTextContents();
    check(items.length === 1, `${items.length} never-fetched gaps listed: ${items.join(' | ')}`);
    return items[0];
  });

  await step('confirmed-gap', async () => {
    const items = await block.locator('.gaps li.confirmed').allTextContents();
    check(items.length === 1, `${items.length} confirmed gaps listed: ${items.join(' | ')}`);
    return items[0];
  });

  await step('kinds-look-different', async () => {
    const look = (selector) => block.locator(selector).evaluate((li) => {
      const s = getComputedStyle(li);
      return `${s.borderLeftStyle} ${s.borderLeftColor} ${s.color}`;
    });
    const confirmed = await look('.gaps li.confirmed');
    const unfetched = await look('.gaps li.unfetched');
    check(confirmed !== unfetched, `both kinds are drawn alike: ${confirmed}`);
    return `confirmed: ${confirmed}; never fetched: ${unfetched}`;
  });

  await step('job-note', async () => {
    const notes = page.locator('#job-notes li');
    await notes.first().waitFor({ state: 'visible' });
    const items = await notes.allTextContents();
    check(items.length === 1, `${items.length} notes shown: ${items.join(' | ')}`);
    await shot(page, '02-job-note');
    return items[0];
  });

  await step('history-note', async () => {
    const notes = page.locator('#history tr.note-row');
    await notes.first().waitFor({ state: 'visible' });
    const items = await notes.allTextContents();
    check(items.length === 1, `${items.length} notes in the history: ${items.join(' | ')}`);
    return items[0];
  });

  await step('no-page-errors', async () => {
    check(problems.length === 0, problems.join('; '));
    return 'none';
  });
} catch (e) {
  exitCode = 1;
  await shot(page, '99-failure').catch(() => {});
} finally {
  await browser.close();
}
process.exit(exitCode);
