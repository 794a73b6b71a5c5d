// The benchmarks of docs/benchmarks.md, measured in headless Chromium on 127.0.0.1 against the
// release reference server, and Newman on the same workload against the same server
// (bench/newman.mjs). Prints a Markdown table; with --write, also puts it in
// docs/benchmarks.md between the "figures" markers. Run through scripts/bench.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import {
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  ROOT,
  fillVariables,
  launchBrowser,
  loadSuite,
  serveDist,
  startScimServer,
} from '../tests/e2e/harness.mjs';
import { newmanCli, runNewman } from './newman.mjs';
import { suiteSteps } from './workload.mjs';
import { cancelLatency, longRuns, startFastServer } from './long.mjs';

const TOKEN = 'bench-token';
// Other work on the machine moves every figure; the table says how busy it was.
const loadAtStart = loadavg()[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (t) => `${t.toFixed(0)} ms`;
const rows = [];
const row = (what, figure, budget = '', verdict = '') => {
  rows.push({ what, figure, budget, verdict });
  console.error(`${what}: ${figure} ${budget} ${verdict}`);
};
const check = (ok) => (ok ? 'met' : '**missed**');

/** Instruments every page: when the suite input appears, long tasks, the wasm memory. */
const INSTRUMENT = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.getElementById('suite-file')) {
      window.__inputReady = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
};

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Opens the page and waits until its service worker controls it, that is until the worker has
 * precached every file: a visit after the first, without the worker's downloads in the run.
 */
async function visit(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
}

/** A static server with CORS for big bodies, which the reference server does not make. */
async function startBodyServer() {
  const big = JSON.stringify({ filler: 'x'.repeat(1024 * 1024 - 20) });
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Timing-Allow-Origin': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const body = req.url.startsWith('/big') ? big : '{"ok":true}';
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const suiteFile = (name, steps) => ({
  name: `${name}.json`,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ name, steps })),
});

/** Picks `file` (a generated suite), runs it with pauses skipped, returns Run → done in ms. */
async function runApp(page, file, variables) {
  await page.getByLabel('Suite file').setInputFiles(file);
  await page.getByRole('heading', { name: file.name.replace(/\.json$/, '') }).waitFor();
  await fillVariables(page, variables);
  await page.getByLabel('Skip pauses').check();
  return timedRun(page);
}

/**
 * Clicks Run; resolves with the milliseconds from the click to `data-run-state="done"`, both
 * seen inside the page (a MutationObserver), so no polling from here adds work to the run.
 */
async function timedRun(page) {
  await page.evaluate(() => {
    window.__runDone = new Promise((resolve) => {
      const main = document.querySelector('main');
      new MutationObserver((_, observer) => {
        if (main.dataset.runState === 'done') {
          observer.disconnect();
          resolve(performance.now());
        }
      }).observe(main, { attributes: true, attributeFilter: ['data-run-state'] });
    });
    document.querySelector('main').addEventListener('click', () => { window.__runClicked = performance.now(); }, { capture: true, once: true });
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  return page.evaluate(async () => (await window.__runDone) - window.__runClicked);
}

async function pageWeightAndLoad(browser, site) {
  const { context, page } = await newPage(browser);
  const files = [];
  const weigh = async (r) => {
    const body = await r.body().catch(() => Buffer.alloc(0));
    files.push({ url: r.url(), raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  };
  page.on('response', weigh);
  // The service worker's own script, which the page registers (Playwright reports it on the
  // context); what the worker then precaches is not the page's first load.
  const workerScript = new URL('service-worker.js', site.url).href;
  context.on('response', (r) => r.url() === workerScript && weigh(r));
  await page.goto(site.url);
  await page.getByLabel('Suite file').waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();
  let raw = 0, gzip = 0;
  for (const f of files) {
    raw += f.raw;
    gzip += f.gzip;
    row(`Page weight: ${new URL(f.url).pathname.split('/').pop() || 'index.html'}`, `${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`);
  }
  row('Page weight: total, first load', `${kb(raw)} raw, ${kb(gzip)} gzipped`, '≤ 350 KB gzipped', check(gzip <= 350 * 1024));
  const firstLoad = new Set(files.map((f) => f.url));

  const loads = [];
  for (let i = 0; i < 10; i++) {
    const { context, page } = await newPage(browser);
    await page.goto(site.url);
    await page.getByLabel('Suite file').waitFor();
    loads.push(await page.evaluate(() => window.__inputReady));
    await context.close();
  }
  const load = median(loads);
  row('Load: navigation to usable suite input, median of 10 cold loads', ms(load), '≤ 500 ms', check(load <= 500));
  return firstLoad;
}

/**
 * After one visit: what the service worker holds beyond the first load, what it adds to each
 * request to the server under test, and, with the network off, reloads from navigation to a
 * usable suite input.
 */
async function offline(browser, site, scim, firstLoad) {
  const { context, page } = await newPage(browser);
  await visit(page, site.url);
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) urls.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
    return urls;
  });
  // The page's directory and its index.html are one file, loaded first.
  const beyond = cached.filter((url) => !firstLoad.has(url) && url !== new URL('index.html', site.url).href);
  let raw = 0, gzip = 0;
  for (const url of beyond) {
    const body = readFileSync(join(ROOT, 'dist', new URL(url).pathname.slice(new URL(site.url).pathname.length)));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  const names = beyond.map((url) => url.slice(site.url.length)).join(', ');
  row(`Offline: what the service worker precaches beyond the first load (${names})`, `${kb(raw)} raw, ${kb(gzip)} gzipped`);

  // Resource Timing's fetchStart − startTime: the time before the request leaves, which a fetch
  // handler woken for it would add to (static routing sends these past the worker).
  const added = await page.evaluate(async ({ base, token }) => {
    performance.setResourceTimingBufferSize(1000);
    for (let i = 0; i < 200; i++) {
      await (await fetch(`${base}/Users?count=1&startIndex=1&sw=${i}`, { headers: { Authorization: token } })).json();
    }
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes('&sw='));
    return entries.reduce((sum, e) => sum + e.fetchStart - e.startTime, 0) / entries.length;
  }, { base: scim.baseUrl, token: `Bearer ${TOKEN}` });
  row('Offline: time the service worker adds to a request to the server under test, mean of 200', `${added.toFixed(2)} ms`);

  await context.setOffline(true);
  const reloads = [];
  for (let i = 0; i < 10; i++) {
    await page.reload();
    await page.getByLabel('Suite file').waitFor();
    reloads.push(await page.evaluate(() => window.__inputReady));
  }
  await context.close();
  const reload = median(reloads);
  row('Offline: reload with the network off to usable suite input, median of 10', ms(reload));
}

/** Rounds of app run and plain loop, alternated so drifts in the machine hit both alike. */
const ROUNDS = 5;

async function runnerOverhead(browser, site, scim) {
  const steps = suiteSteps();
  const { context, page } = await newPage(browser);
  await visit(page, site.url);
  const loop = () =>
    page.evaluate(async ({ base, token }) => {
      const started = performance.now();
      for (let i = 0; i < 1000; i++) {
        const r = await fetch(`${base}/Users?count=1&startIndex=${(i % 5) + 1}`, { headers: { Authorization: token } });
        await r.json();
      }
      return performance.now() - started;
    }, { base: scim.baseUrl, token: `Bearer ${TOKEN}` });
  await loop(); // warm the connection and the preflight cache alike for both
  const apps = [await runApp(page, suiteFile('Runner overhead', steps), { base: scim.baseUrl, auth: `Bearer ${TOKEN}` })];
  const plains = [await loop()];
  for (let round = 1; round < ROUNDS; round++) {
    apps.push(await timedRun(page));
    plains.push(await loop());
  }
  const passed = await page.locator('li.step[data-outcome="pass"]').count();
  if (passed !== 1000) throw new Error(`runner overhead: ${passed} of 1000 steps passed`);
  const tracer = await context.newCDPSession(page);
  const appBusy = await mainThreadBusy(tracer, () => timedRun(page));
  const plainBusy = await mainThreadBusy(tracer, loop);
  await context.close();
  const [app, plain] = [median(apps), median(plains)];
  const each = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
  row(`Runner: 1,000 requests run by the app, median of ${ROUNDS} (${each(apps)})`, ms(app));
  row(`Runner: the same 1,000 requests, plain fetch loop, median of ${ROUNDS} (${each(plains)})`, ms(plain));
  row('Runner overhead: app / plain fetch', (app / plain).toFixed(2), '≤ 1.15', check(app / plain <= 1.15));
  row('Runner: main-thread busy time per request, app / plain loop', `${(appBusy / 1000).toFixed(2)} ms / ${(plainBusy / 1000).toFixed(2)} ms`);
  return { app, plain };
}

/** Newman on the same workload against the same server, after the page's runs. */
async function sideBySideWithNewman(scim, { app, plain }) {
  const cli = newmanCli();
  if (!cli) {
    console.error('Newman: not run (NEWMAN_HOME is not set; scripts/bench installs it)');
    return;
  }
  const version = JSON.parse(readFileSync(join(cli, '../../package.json'), 'utf8')).version;
  const server = { baseUrl: scim.baseUrl, token: TOKEN };
  const runs = [];
  for (let round = 0; round < 3; round++) runs.push(await runNewman(cli, { ...server, reporter: 'json' }));
  const withConsole = await runNewman(cli, { ...server, reporter: 'cli' });
  const newman = median(runs.map((r) => r.run));
  const each = runs.map((r) => r.run.toFixed(0)).join(', ');
  row(
    `Newman ${version}: the same 1,000 requests and 3,000 checks, no console output, median of 3 (${each}); the whole command`,
    `${ms(newman)}; ${ms(median(runs.map((r) => r.wall)))}`,
  );
  row(`Newman ${version} with its console reporter (what a tester sees), one run; the whole command`, `${ms(withConsole.run)}; ${ms(withConsole.wall)}`);
  const ratio = newman / app;
  row('Side by side: throughput of the page / Newman (Newman\'s run time / the app\'s)', `${ratio.toFixed(1)}×`, '≥ 10×', check(ratio >= 10));
  // The most any runner in this browser could reach: the plain fetch loop has no runner at all.
  row('Side by side: the plain fetch loop / Newman (the ceiling for a runner in this browser)', `${(newman / plain).toFixed(1)}×`);
}

/** Milliseconds the page's main thread spent in tasks while `work` ran, from a trace. */
async function mainThreadBusy(cdp, work) {
  const events = [];
  const collect = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await work();
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain');
  return events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === main?.pid && e.tid === main?.tid)
    .reduce((sum, e) => sum + e.dur / 1000, 0);
}

async function largeResults(browser, site) {
  const bodies = await startBodyServer();
  const steps = Array.from({ length: 2000 }, (_, i) => ({
    step_type: 'request',
    note: `step ${i}`,
    method: 'GET',
    url: `{{base}}/${i % 100 === 0 ? 'big' : 'small'}/${i}`,
    assertions: [{ source: 'response_status', comparison: 'equal_number', value: 200 }],
  }));
  const { context, page } = await newPage(browser);
  await visit(page, site.url);
  const shown = await runApp(page, suiteFile('Large results', steps), { base: bodies.url });
  // Rows past the first 1,000 are drawn near the screen only: the summary counts them all.
  const summary = await page.locator('.summary').textContent();
  if (!summary.includes('2000 requests: 2000 passed')) throw new Error(`large results: ${summary}`);
  const expand = await page.evaluate(async () => {
    const row = document.querySelector('li.step[data-step="101"]');
    const started = performance.now();
    row.querySelector('button.step-line').click();
    while (!row.querySelector('.step-detail')) await new Promise((ok) => setTimeout(ok, 0));
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    return performance.now() - started;
  });
  const client = await context.newCDPSession(page);
  await client.send('HeapProfiler.collectGarbage');
  await client.send('Performance.enable');
  const { metrics } = await client.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? 0);
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  await context.close();
  bodies.close();
  row('Large results: 2,000 steps (20 with 1 MB bodies), Run to done', ms(shown));
  row('Large results: expand one step with a 1 MB body', ms(expand), '< 100 ms', check(expand < 100));
  const total = heap + wasm;
  row('Large results: memory (JS heap + wasm linear memory)', `${(heap / 2 ** 20).toFixed(0)} MB + ${(wasm / 2 ** 20).toFixed(0)} MB = ${(total / 2 ** 20).toFixed(0)} MB`, '< 300 MB', check(total < 300 * 2 ** 20));
  row('Large results: longest task during the run', ms(longest), '≤ 200 ms', check(longest <= 200));
}

/**
 * Long suites: the cost per step at 1,000, 10,000 and 100,000 steps must stay flat, and Cancel
 * must answer within 200 ms in the middle of the longest.
 */
async function longSuites(browser, site) {
  const server = await startFastServer();
  try {
    for (const r of await longRuns(browser, site, server, [1000, 10000, 100000])) {
      const steps = r.steps.toLocaleString('en');
      row(`Long suites: ${steps} steps, load the file to the plan shown`, ms(r.loadMs));
      row(`Long suites: ${steps} steps, Run to done, per step`, `${(r.perStepUs / 1000).toFixed(2)} ms`);
      const tenths = `${(r.firstTenthUs / 1000).toFixed(2)} ms, ${(r.lastTenthUs / 1000).toFixed(2)} ms`;
      row(`Long suites: ${steps} steps, per step in the first and the last tenth`, tenths);
    }
    const c = await cancelLatency(browser, site, server, 100000, 2000);
    row('Long suites: Cancel after 2,000 of 100,000 steps, to the next frame', ms(c.frameMs), '≤ 200 ms', check(c.frameMs <= 200));
    row('Long suites: Cancel after 2,000 of 100,000 steps, to the run shown as cancelled', ms(c.cancelledMs), '≤ 200 ms', check(c.cancelledMs <= 200));
  } finally {
    server.close();
  }
}

async function okta(browser, site, scim) {
  const { context, page } = await newPage(browser);
  await visit(page, site.url);
  await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
  await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
  await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
  await page.getByLabel('Skip pauses').check();
  const wall = await timedRun(page);
  const passed = await page.locator('li.step[data-outcome="pass"]').count();
  await context.close();
  row(`Okta 2.0 SPEC suite, pauses skipped (${passed} of 12 requests pass)`, ms(wall));
}

process.env.SCIM_SERVER_BIN ??= join(ROOT, 'target/release/scim-server');
const [site, scim, browser] = await Promise.all([
  serveDist(),
  startScimServer(['--token', TOKEN]),
  launchBrowser(),
]);
try {
  const firstLoad = await pageWeightAndLoad(browser, site);
  await offline(browser, site, scim, firstLoad);
  const runner = await runnerOverhead(browser, site, scim);
  await sideBySideWithNewman(scim, runner);
  await largeResults(browser, site);
  await okta(browser, site, scim);
  await longSuites(browser, site);
} finally {
  await browser.close();
  scim.stop();
  await site.close();
}

const table = [
  '| measure | figure | budget | |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.what} | ${r.figure} | ${r.budget} | ${r.verdict} |`),
].join('\n');
console.log(table);
if (process.argv.includes('--write')) {
  const path = join(ROOT, 'docs/benchmarks.md');
  const doc = readFileSync(path, 'utf8');
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
  const stamp = `Taken ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`scripts/bench\` (${load}).`;
  writeFileSync(path, doc.replace(/<!-- figures -->[\s\S]*<!-- \/figures -->/, `<!-- figures -->\n${stamp}\n\n${table}\n<!-- /figures -->`));
  console.error(`wrote ${path}`);
}
