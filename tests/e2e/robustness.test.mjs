import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { OKTA_SUITE, fillVariables, launchBrowser, loadSuite, runToEnd, serveDist, withPage } from './harness.mjs';

// Bad input must get a clear message and lose nothing; a panic in wasm would kill the page,
// so after each of these the page must still work.

const nested = (n) => '['.repeat(n) + ']'.repeat(n);
const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><l>&h;</l>`;

/** Answers every path with something a SCIM server should not send, with CORS allowed. */
async function startGarbageServer() {
  const answers = {
    '/binary': [200, 'application/json', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28, 0x22])],
    '/broken-json': [200, 'application/json', '{"totalResults": '],
    '/deep-json': [200, 'application/json', nested(100_000)],
    '/big': [200, 'application/json', JSON.stringify({ totalResults: 1, filler: 'x'.repeat(5 * 1024 * 1024) })],
    '/no-type': [200, null, 'plain words'],
    '/odd-status': [599, 'text/plain', 'a status no one knows'],
    '/laughs': [200, 'application/xml', laughs],
    '/deep-xml': [200, 'application/xml', '<a>'.repeat(50_000) + '</a>'.repeat(50_000)],
  };
  const server = createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Expose-Headers': '*' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const [status, type, body] = answers[new URL(req.url, 'http://x').pathname] ?? [404, 'text/plain', 'no'];
    const headers = { ...cors, ...(type ? { 'Content-Type': type } : {}) };
    for (let i = 0; i < 60; i++) headers[`X-Filler-${i}`] = 'v'.repeat(200);
    res.writeHead(status, headers).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, paths: Object.keys(answers), close: () => server.close() };
}

let site, browser, garbage;
before(async () => {
  [site, browser, garbage] = await Promise.all([serveDist(), launchBrowser(), startGarbageServer()]);
});
after(async () => {
  await browser?.close();
  garbage?.close();
  await site?.close();
});

const panics = (log) => log.filter((m) => /panicked|unreachable|RuntimeError/i.test(m.text));

test('malformed suite and result files get a message, and the page keeps working', async () => {
  const files = [
    ['empty.json', ''],
    ['not-json.json', 'SCIM tests, version 2'],
    ['binary.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00])],
    ['deep.json', nested(100_000)],
    ['array.json', '[1, 2, 3]'],
    ['wrong-types.json', JSON.stringify({ name: 5, steps: [{ step_type: ['request'], url: {}, assertions: 'all' }] })],
    ['future-result.json', JSON.stringify({ format_version: 99, steps: [] })],
  ];
  await withPage(browser, 'bad files', site.url, async (page, log) => {
    for (const [name, content] of files) {
      await page.getByLabel('Suite file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
      await page.getByRole('alert').filter({ hasText: name }).waitFor();
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: 'Open results' }).click(),
      ]);
      await chooser.setFiles({ name: `result-${name}`, mimeType: 'application/json', buffer: Buffer.from(content) });
      await page.getByRole('alert').filter({ hasText: `result-${name}` }).waitFor();
    }
    // A suite with nothing in it loads, and says so.
    await page.getByLabel('Suite file').setInputFiles({ name: 'nothing.json', mimeType: 'application/json', buffer: Buffer.from('{"steps": []}') });
    await page.getByText('nothing.json has no steps to run.').waitFor();
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    assert.equal(await page.locator('[data-step]').count(), 23);
    assert.deepEqual(panics(log), []);
  });
});

test('a server that answers garbage gets failed or unevaluated assertions, not a broken page', async () => {
  const steps = garbage.paths.map((path) => ({
    step_type: 'request',
    note: path,
    method: 'GET',
    url: `{{base}}${path}`,
    assertions: [
      { source: 'response_status', comparison: 'equal_number', value: 200 },
      { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: 1 },
      { source: 'response_xml', property: '/l', comparison: 'not_empty', value: null },
      { source: 'response_headers', property: 'Content-Type', comparison: 'contains', value: 'json' },
    ],
  }));
  const suite = { name: 'Garbage', steps };
  await withPage(browser, 'garbage server', site.url, async (page, log) => {
    await page.getByLabel('Suite file').setInputFiles({ name: 'garbage.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(suite)) });
    await page.getByRole('heading', { name: 'Garbage' }).waitFor();
    await fillVariables(page, { base: garbage.url });
    await runToEnd(page);
    assert.equal(await page.locator('li.step').count(), steps.length);
    // Every step got its response; only the big one is valid JSON with totalResults 1.
    assert.equal(await page.locator('li.step[data-outcome="error"]').count(), 0);
    assert.equal(await page.locator('li.step[data-outcome="pass"]').count(), 0);
    await page.getByRole('button', { name: 'Expand all' }).click();
    const big = page.locator('li.step', { hasText: '/big' });
    assert.equal(await big.locator('table.assertions tr[data-outcome="pass"]').count(), 3);
    // Bytes that are not UTF-8 are shown replaced, and counted as received.
    await page.locator('li.step', { hasText: '/binary' }).getByText('Body, 7 bytes').waitFor();
    assert.deepEqual(panics(log), []);
  });
});
