// Drives the page's "Bulk backfill" section in Debian's headless Chromium through playwright-core,
// against a real control plane (started by BulkSectionBrowserTest) whose jobs run for real.
//
//   node bulk-section.mjs --base-url http://127.0.0.1:PORT --screenshots DIR
//        --feeds F1,F2 --start 2026-01-01 --end 2026-01-03 [--timeout-ms 480000]
//
// Prints "ok <step>: <what was seen>" or "not ok <step>: <why>" per step, stops at the first
// failure and exits 0 only when every step passed.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-quic', '--disable-sync',
];
const DAY_MS = 86_400_000;

function parseArgs(argv) {
  const args = { timeoutMs: 480_000 };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    const next = () => argv[++i];
    if (name === '--base-url') args.baseUrl = next().replace(/\/$/, '');
    else if (name === '--screenshots') args.screenshots = next();
    else if (name === '--feeds') args.feeds = next().split(',');
    else if (name === '--start') args.start = next();
    else if (name === '--end') args.end = next();
    else if (name === '--timeout-ms') args.timeoutMs = Number(next());
    else throw new Error(`unknown argument ${name}`);
  }
  if (!args.baseUrl || !args.screenshots || !args.feeds || !args.start || !args.end) {
    throw new Error('usage: node bulk-section.mjs --base-url URL --screenshots DIR --feeds F1,F2 --start D --end D');
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.screenshots, { recursive: true });
const chunks = args.feeds.length * ((Date.parse(args.end) - Date.parse(args.start)) / DAY_MS);

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
page.setDefaultTimeout(20_000);
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  const handled = /^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text());
  if (m.type() === 'error' && !handled) problems.push(`console error: ${m.text()}`);
});
let exitCode = 0;

try {
  await step('load', async () => {
    const response = await page.goto(`${args.baseUrl}/`);
    check(response.ok(), `GET / answered ${response.status()}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const options = await page.locator('#bulk-feeds option').evaluateAll((os) => os.map((o) => o.value));
    for (const feed of args.feeds) check(options.includes(feed), `${feed} is not among ${options.join(', ')}`);
    check(await page.locator('#bulk-empty').isVisible(), 'the section does not say no bulk job ran yet');
    return `${options.length} feeds to pick from`;
  });

  await step('refuse-no-feed', async () => {
    await page.getByRole('button', { name: 'Run bulk backfill' }).click();
    const message = await page.locator('#bulk-message').textContent();
    check(message === 'Choose at least one feed.', `the message says "${message}"`);
    return message;
  });

  await step('run', async () => {
    await page.getByLabel('Feeds', { exact: true }).selectOption(args.feeds);
    await page.getByLabel('First day UTC', { exact: true }).fill(args.start);
    await page.getByLabel('End day (exclusive)', { exact: true }).fill(args.end);
    await page.getByLabel('Days per chunk', { exact: true }).fill('1');
    await page.getByLabel('Chunks per commit', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Run bulk backfill' }).click();
    await page.waitForSelector('#bulk-panel:not([hidden])');
    check(await page.locator('#bulk-message').isHidden(), 'an error is shown after Run');
    await shot(page, '01-bulk-started');
    return await page.locator('#bulk-summary').textContent();
  });

  await step('until-complete', async () => {
    const seen = new Set();
    const deadline = Date.now() + args.timeoutMs;
    let summary = '';
    while (Date.now() < deadline) {
      const states = await page.locator('#bulk-chunks .chunk').evaluateAll((cs) => cs.map((c) => c.dataset.state));
      states.forEach((s) => seen.add(s));
      summary = await page.locator('#bulk-summary').textContent();
      const status = await page.locator('#bulk-status .badge').getAttribute('data-status');
      if (status === 'completed' || status === 'failed') break;
      await page.waitForTimeout(500);
    }
    // The page may have rendered again between reading the summary and the status: read the
    // summary of the final render (the page stops polling once the job has ended).
    summary = await page.locator('#bulk-summary').textContent();
    await shot(page, '02-bulk-completed');
    check(summary === `${chunks} of ${chunks} chunks done`, `the summary says "${summary}"`);
    const done = await page.locator('#bulk-chunks .chunk[data-state="done"]').count();
    check(done === chunks, `${done} chunk cells are done, expected ${chunks}`);
    const feeds = await page.locator('#bulk-chunks .bulk-feed-name').allTextContents();
    check(feeds.join(',') === args.feeds.join(','), `the chunk rows are for ${feeds.join(', ')}`);
    const title = await page.locator('#bulk-chunks .chunk').first().getAttribute('title');
    check(title === `${args.start}: done, 1440 rows`, `the first cell's title is "${title}"`);
    check(seen.has('running') || seen.has('pending'), `only ${[...seen].join(', ')} was ever shown`);
    return `${summary}; states seen: ${[...seen].sort().join(', ')}`;
  });

  await step('no-page-errors', async () => {
    check(problems.length === 0, problems.join('; '));
  });
} catch {
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
