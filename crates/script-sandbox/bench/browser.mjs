// The script sandbox's figures in docs/benchmarks.md, measured in headless Chromium against the
// release build in dist/ (run `trunk build --release` first):
//   node crates/script-sandbox/bench/browser.mjs
// - the page's first load: what it downloads (gzip -9), and that nothing of sandbox/ is in it;
// - the worker's download: its JavaScript and QuickJS's WebAssembly (gzip -9);
// - time to first script: from `new Worker` to the first job's answer (download from
//   127.0.0.1, compile, a QuickJS instance, the first runtime), median of 5 cold contexts;
// - time per script: one job after another on a started worker (postMessage, a new runtime,
//   the prelude, the script, finish), mean of 300, for a small script and Okta's Initial Script;
// - each library's download (gzip -9) and the time per script that names it (the library
//   evaluated in each new runtime), mean of 100 after the first, which downloads it;
// - the same through the app: a suite of 200 steps with a small post-response script each,
//   against the same suite without scripts, per step.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { OKTA_INITIAL_SCRIPT, ROOT, fillVariables, launchBrowser, serveDist } from '../../../tests/e2e/harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const print = (what, figure) => console.log(`| ${what} | ${figure} |`);

const SMALL = "var data = JSON.parse(response.body);\nassert.equal(response.status, 200, 'status');\nvariables.set('group', data.Resources[0].id);";
const job = (id, source, libraries = [], globals = []) => JSON.stringify({
  id,
  kind: 'post_response',
  source,
  variables: [{ name: 'auth', value: 'Bearer t' }],
  request: null,
  response: { status: 200, reason: 'OK', headers: [], body: '{"totalResults": 1, "Resources": [{"id": "g1"}]}', response_time_ms: 1, size_bytes: 48 },
  time_limit_ms: 5000,
  finish_grace_ms: 500,
  memory_limit_bytes: 128 * 1024 * 1024,
  stack_limit_bytes: 256 * 1024,
  libraries,
  library_globals: globals,
  missing_libraries: [['xml2json', 'xml2json']],
});

// A post-response script per library, as Runscope scripts use them.
const LIBRARY_SCRIPTS = [
  ['chai', ['expect'], "var data = JSON.parse(response.body);\nexpect(response.status).to.be.equal(200);\nexpect(data).to.include.keys('Resources');\nexpect(data.Resources).to.have.length.above(0);"],
  ['underscore', ['_'], "var data = JSON.parse(response.body);\nvariables.set('ids', _.pluck(data.Resources, 'id').join());"],
  ['moment', ['moment'], "variables.set('when', moment.utc().add(1, 'day').format('YYYY-MM-DD'));"],
  ['crypto-js', ['CryptoJS'], "variables.set('sig', CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256(response.body, 'key')));"],
  ['marked', ['marked'], "log(marked('**' + response.status + '**'));"],
  ['tv4', ['tv4'], "assert.isTrue(tv4.validate(JSON.parse(response.body), {type: 'object', required: ['Resources']}));"],
];

/** In the page: starts the worker, runs `jobs` one after another; the times, in ms. */
const IN_PAGE = async ({ url, jobs }) => {
  const started = performance.now();
  const worker = new Worker(url, { type: 'module' });
  const next = () => new Promise((resolve) => { worker.onmessage = (e) => resolve(JSON.parse(e.data)); });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(JSON.stringify(ready));
  const times = [];
  for (const text of jobs) {
    const sent = performance.now();
    worker.postMessage(text);
    let done = await next();
    if (done.type === 'loading') done = await next();
    if (done.failure || done.stopped || JSON.parse(done.output).thrown) throw new Error(JSON.stringify(done));
    times.push(performance.now() - sent);
  }
  worker.terminate();
  return { firstScript: times[0] + (performance.now() - started - times.reduce((a, b) => a + b, 0)), times };
};

async function inPage(browser, site, jobs) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url);
  const url = new URL(await page.locator('meta[name="script-worker"]').getAttribute('content'), site.url).href;
  const result = await page.evaluate(IN_PAGE, { url, jobs });
  await context.close();
  return result;
}

async function pageWeight(browser, site) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on('response', async (r) => files.push({ url: r.url(), body: await r.body().catch(() => Buffer.alloc(0)) }));
  await page.goto(site.url);
  await page.getByLabel('Suite file').waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();
  if (files.some((f) => f.url.includes('/sandbox/'))) throw new Error('the first load fetched the sandbox');
  const total = files.reduce((sum, f) => sum + gz(f.body), 0);
  print(`Page, first load (${files.length} files, none of sandbox/)`, `${kb(total)} gzipped`);
}

/** A server under test for the app run: one JSON answer, CORS open. */
async function startTarget() {
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{"totalResults": 1, "Resources": [{"id": "g1"}]}');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Milliseconds from Run to done for `steps`, seen inside the page. */
async function appRun(browser, site, target, name, steps) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url);
  await page.getByText('Paste suite JSON').click();
  await page.getByLabel('Suite JSON').fill(JSON.stringify({ name, steps }));
  await page.getByRole('button', { name: 'Load pasted JSON' }).click();
  await page.getByRole('heading', { name }).waitFor();
  await fillVariables(page, { base: target.url });
  await page.getByLabel('Skip pauses').check();
  await page.evaluate(() => {
    window.__done = new Promise((resolve) => {
      const main = document.querySelector('main');
      new MutationObserver(() => main.dataset.runState === 'done' && resolve(performance.now()))
        .observe(main, { attributes: true, attributeFilter: ['data-run-state'] });
    });
    document.querySelector('main').addEventListener('click', () => { window.__clicked = performance.now(); }, { capture: true, once: true });
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const took = await page.evaluate(async () => (await window.__done) - window.__clicked);
  await context.close();
  return took;
}

const [site, target, browser] = await Promise.all([serveDist(), startTarget(), launchBrowser()]);
try {
  console.log('| measure | figure |\n| --- | --- |');
  await pageWeight(browser, site);
  const sandbox = join(ROOT, 'dist/sandbox');
  for (const name of readdirSync(sandbox).filter((n) => /\.(js|wasm)$/.test(n))) {
    const bytes = readFileSync(join(sandbox, name));
    print(`Worker download: ${name.replace(/-[0-9a-f]+\./, '-….')}`, `${kb(bytes.length)} raw, ${kb(gz(bytes))} gzipped`);
  }
  for (const name of readdirSync(join(sandbox, 'libraries'))) {
    const bytes = readFileSync(join(sandbox, 'libraries', name));
    print(`Library download, only for a script that names it: ${name.replace(/-[0-9a-f]+\./, '-….')}`, `${kb(bytes.length)} raw (minified), ${kb(gz(bytes))} gzipped`);
  }
  const firsts = [];
  for (let i = 0; i < 5; i++) firsts.push((await inPage(browser, site, [job(1, SMALL)])).firstScript);
  print('Time to first script (start the worker, compile QuickJS, run one), median of 5 cold', `${median(firsts).toFixed(0)} ms (${firsts.map((t) => t.toFixed(0)).join(', ')})`);
  const okta = readFileSync(OKTA_INITIAL_SCRIPT, 'utf8');
  for (const [what, source] of [['a small post-response script', SMALL], ["Okta's Initial Script", okta]]) {
    const { times } = await inPage(browser, site, Array.from({ length: 301 }, (_, i) => job(i + 1, source)));
    const later = times.slice(1);
    print(`Time per script in the worker, ${what}, mean of 300`, `${(later.reduce((a, b) => a + b, 0) / later.length).toFixed(2)} ms`);
  }
  const base = (await inPage(browser, site, Array.from({ length: 101 }, (_, i) => job(i + 1, SMALL)))).times.slice(1);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const [key, globals, source] of LIBRARY_SCRIPTS) {
    const { times } = await inPage(browser, site, Array.from({ length: 101 }, (_, i) => job(i + 1, source, [key], globals)));
    print(`Time per script in the worker that names ${key}, mean of 100 (the same run's small script without a library: ${mean(base).toFixed(2)} ms)`, `${mean(times.slice(1)).toFixed(2)} ms; the first, which downloads it: ${times[0].toFixed(0)} ms`);
  }
  const steps = (scripts) => Array.from({ length: 200 }, (_, i) => ({
    step_type: 'request', note: `step ${i}`, method: 'GET', url: '{{base}}/Groups',
    assertions: [{ source: 'response_status', comparison: 'equal_number', value: 200 }], scripts,
  }));
  const plain = [], scripted = [];
  for (let i = 0; i < 3; i++) {
    plain.push(await appRun(browser, site, target, 'No scripts', steps([])));
    scripted.push(await appRun(browser, site, target, 'Scripts', steps([SMALL])));
  }
  const extra = (median(scripted) - median(plain)) / 200;
  print('App: 200 steps without scripts / with a small post-response script each, median of 3', `${median(plain).toFixed(0)} ms / ${median(scripted).toFixed(0)} ms: ${extra.toFixed(2)} ms more per step`);
} finally {
  await browser.close();
  target.close();
  await site.close();
}
