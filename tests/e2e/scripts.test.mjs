import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import {
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  consoleErrors,
  fillVariables,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'scripts-token';
let site, scim, echo, browser;

/** Answers every request with what it received, as JSON, CORS open; remembers the paths. */
async function startEcho() {
  const paths = [];
  const server = createServer((req, res) => {
    paths.push(req.url);
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Allow-Methods': '*',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, paths, close: () => server.close() };
}

before(async () => {
  [site, scim, echo, browser] = await Promise.all([
    serveDist(),
    startScimServer(['--token', TOKEN]),
    startEcho(),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  scim?.stop();
  echo?.close();
  await site?.close();
});

const request = (note, path, extra = {}) => ({
  step_type: 'request',
  note,
  method: 'GET',
  url: `{{base}}${path}`,
  headers: {},
  assertions: [{ source: 'response_status', comparison: 'equal_number', value: 200 }],
  variables: [],
  scripts: [],
  before_scripts: [],
  ...extra,
});

/** Loads `steps` as a suite through the paste box. */
async function pasteSuite(page, name, steps) {
  await page.getByText('Paste suite JSON').click();
  await page.getByLabel('Suite JSON').fill(JSON.stringify({ name, steps }));
  await page.getByRole('button', { name: 'Load pasted JSON' }).click();
  await page.getByRole('heading', { name }).waitFor();
}

const row = (page, note) => page.locator('li.step', { has: page.getByText(note, { exact: true }) });

test("Okta's Initial Script, pasted as-is, makes the whole 2.0 SPEC suite pass", async () => {
  await withPage(browser, 'okta with initial script', site.url, async (page) => {
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    // The script sets every data variable, so the page asks for none of them.
    assert.equal(await page.getByLabel('randomEmail', { exact: true }).count(), 0);
    await runToEnd(page);
    const outcomes = await outcomesByNote(page);
    assert.deepEqual(outcomes.filter(([, o]) => o !== 'skipped').map(([, o]) => o), Array(12).fill('pass'));
    // The Groups step's script ran, and its result is shown.
    const groups = row(page, 'Optional Test: Verify Groups endpoint');
    await groups.locator('button.step-line').click();
    await groups.locator('section.detail', { has: page.getByRole('heading', { name: 'Scripts', exact: true }) }).waitFor();
    assert.ok((await groups.locator('.script-assertions li[data-outcome="pass"]').count()) > 0);
  });
});

test('scripts: errors, sandbox, variables, pre-request headers and failed asserts', async () => {
  const steps = [
    request('throws', '/a', { scripts: ['throw new Error("boom from the script")'] }),
    request('reads the page', '/b', {
      scripts: ['log(typeof document, typeof localStorage); document.title = "x";'],
    }),
    request('tries the network', '/n', {
      scripts: ['var u = variables.get("base") + "/leak"; try { importScripts(u) } catch (e) {} fetch(u);'],
    }),
    request('uses xml2json', '/m', { scripts: ['log(xml2json.toJson(response.body))'] }),
    request('sets a variable', '/c', { scripts: ['variables.set("next", "from-script")'] }),
    request('uses it', '/use/{{next}}', {
      assertions: [{ source: 'response_json', property: 'url', comparison: 'equal', value: '/use/from-script' }],
    }),
    request('adds a header', '/d', {
      before_scripts: ['request.headers["X-Added"] = "by-pre-request";'],
      assertions: [
        { source: 'response_json', property: 'headers.x-added', comparison: 'equal', value: 'by-pre-request' },
      ],
    }),
    request('fails an assert', '/e', { scripts: ['assert.equal(response.status, 201, "status should be 201")'] }),
  ];
  await withPage(browser, 'script behaviours', site.url, async (page) => {
    await pasteSuite(page, 'Script behaviours', steps);
    await fillVariables(page, { base: echo.url });
    await page.getByLabel('Initial script').fill('log("hello from the initial script")');
    await runToEnd(page);
    await page.locator('.run-notes', { hasText: 'hello from the initial script' }).waitFor();
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.deepEqual(outcomes, {
      throws: 'fail',
      'reads the page': 'fail',
      'tries the network': 'fail',
      'uses xml2json': 'fail',
      'sets a variable': 'pass',
      'uses it': 'pass',
      'adds a header': 'pass',
      'fails an assert': 'fail',
    });
    assert.match(await row(page, 'throws').locator('.step-detail').textContent(), /boom from the script/);
    assert.match(await row(page, 'reads the page').locator('.step-detail').textContent(), /document/);
    assert.match(await row(page, 'tries the network').locator('.step-detail').textContent(), /fetch/);
    assert.match(await row(page, 'uses xml2json').locator('.step-detail').textContent(), /xml2json/);
    assert.ok(!echo.paths.some((p) => p.includes('leak')), `a script reached the network: ${echo.paths}`);
    const failed = await row(page, 'fails an assert').locator('.script-assertions').textContent();
    assert.match(failed, /status should be 201/);
    assert.match(failed, /201/);
    assert.match(failed, /200/);
  });
});

test('a script that never ends times out within the limit, and the page stays responsive', async () => {
  const steps = [
    request('first', '/first'),
    request('spins', '/spin', { scripts: ['while (true) {}'] }),
    request('after', '/after'),
  ];
  await withPage(browser, 'script timeout', site.url, async (page) => {
    await pasteSuite(page, 'Endless script', steps);
    await fillVariables(page, { base: echo.url });
    await page.getByLabel('Skip pauses').check();
    await page.getByLabel('Script time limit in seconds').fill('2');
    const started = Date.now();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // While the script spins, the page answers: a finished step opens.
    await row(page, 'first').locator('button.step-line').click();
    await row(page, 'first').locator('.step-detail').waitFor({ timeout: 1_000 });
    await page.locator('main[data-run-state="done"]').waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - started < 2_000 + 1_000 + 1_000, `took ${Date.now() - started} ms`);
    assert.equal(await row(page, 'spins').getAttribute('data-outcome'), 'fail');
    assert.match(await row(page, 'spins').locator('.step-detail').textContent(), /longer than its limit/);
    assert.equal(await row(page, 'after').getAttribute('data-outcome'), 'pass');

    // Cancel works while a script spins.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await row(page, 'first').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('main[data-run-state="cancelled"]').waitFor({ timeout: 1_000 });
  });
});

test('a suite without scripts never loads the sandbox; a run with scripts loads it once, under the CSP', async () => {
  await withPage(browser, 'sandbox loads on demand', site.url, async (page, consoleLog) => {
    const sandbox = [];
    page.on('request', (r) => {
      if (r.url().includes('/sandbox/')) sandbox.push(new URL(r.url()).pathname);
    });
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.doesNotMatch(policy, /'unsafe-eval'/);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(policy, /worker-src 'self'/);

    await pasteSuite(page, 'No scripts', [request('plain', '/plain'), request('blank script', '/blank', { scripts: ['  \n'] })]);
    await fillVariables(page, { base: echo.url });
    await runToEnd(page);
    assert.deepEqual(sandbox, [], 'a suite without scripts loaded the sandbox');

    const scripted = [1, 2, 3].map((n) => request(`script ${n}`, `/s${n}`, { scripts: [`log('step ${n}')`] }));
    await page.reload();
    await pasteSuite(page, 'Three scripts', scripted);
    await fillVariables(page, { base: echo.url });
    await runToEnd(page);
    assert.deepEqual(Object.values(Object.fromEntries(await outcomesByNote(page))), ['pass', 'pass', 'pass']);
    assert.equal(sandbox.length, 2, `loaded: ${sandbox}`);
    assert.match(sandbox[0], /^\/tools\/scim\/sandbox\/script-worker-[0-9a-f]+\.js$/);
    assert.match(sandbox[1], /^\/tools\/scim\/sandbox\/quickjs-ng-[0-9a-f]+\.wasm$/);
    assert.deepEqual(consoleErrors(consoleLog), []);
  });
});
