// Runscope exports as people write them (issue #15): a bucket export of several tests, the
// older Okta beta suite with spaces in its variable names, and problems shown before the run.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT,
  axeViolations,
  fillVariables,
  launchBrowser,
  loadSuite,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'exports-token';
let site, browser, scim, dir;
before(async () => {
  [site, browser, scim] = await Promise.all([
    serveDist(),
    launchBrowser(),
    startScimServer(['--token', TOKEN]),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'exports-'));
});
after(async () => {
  await browser?.close();
  scim?.stop();
  await site?.close();
});

const status = (code) => [{ source: 'response_status', comparison: 'equal_number', value: code }];
const request = (url, note, code) => ({
  step_type: 'request',
  method: 'GET',
  url,
  note,
  headers: { Authorization: ['{{auth}}'] },
  assertions: status(code),
});

test('a bucket export: pick tests, run them in order, results per test, one export that reopens', async () => {
  const bucket = [
    { name: 'Users list', steps: [request('{{SCIMBaseURL}}/Users', 'list users', 200)] },
    { name: 'Groups list', steps: [request('{{SCIMBaseURL}}/Groups', 'list groups, wrongly expecting 201', 201)] },
    { name: 'Not picked', steps: [request('{{SCIMBaseURL}}/Nothing', 'never runs', 200)] },
  ];
  const file = join(dir, 'bucket.json');
  writeFileSync(file, JSON.stringify(bucket));
  await withPage(browser, 'bucket', site.url, async (page) => {
    await page.getByLabel('Suite file').setInputFiles(file);
    await page.getByText('bucket.json holds 3 tests (a bucket export)', { exact: false }).waitFor();
    await page.getByLabel('Run Not picked').uncheck();
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    assert.deepEqual(await axeViolations(page), []);
    await runToEnd(page);
    const headings = await page.locator('.test-heading').allTextContents();
    assert.deepEqual(headings, [
      'Test 1 of 2: Users list (passed)',
      'Test 2 of 2: Groups list (failed)',
    ]);
    assert.equal(await page.locator('.summary .tests-line').textContent(), '1 of 2 tests passed');
    assert.equal(await page.locator('.summary .counts').textContent(), '2 requests: 1 passed, 1 failed');
    assert.deepEqual(await axeViolations(page), []);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export results' }).click(),
    ]);
    const path = await download.path();
    const bundle = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(bundle.format_version, 2);
    assert.deepEqual(bundle.results.map((r) => r.suite.name), ['Users list', 'Groups list']);
    assert.ok(!readFileSync(path, 'utf8').includes(TOKEN));

    await page.reload();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open results' }).click(),
    ]);
    await chooser.setFiles(path);
    await page.getByText(/^Read-only result, opened from/).waitFor();
    assert.deepEqual(await page.locator('.test-heading').allTextContents(), headings);
  });
});

test('the older Okta beta suite: variable names with spaces are asked for and rendered', async () => {
  const beta = join(ROOT, 'crates/engine/tests/corpus/ujihisa-okta-scim-beta-SCIM_tests_for_Runscope.json');
  await withPage(browser, 'okta beta', site.url, async (page) => {
    await loadSuite(page, beta, 'Okta SCIM 2.0 Tests');
    await page.getByLabel('SCIM Base URL', { exact: true }).fill(scim.baseUrl);
    await runToEnd(page);
    const urls = await page.locator('li.step .url').allTextContents();
    const local = urls.filter((u) => u.startsWith(scim.baseUrl));
    assert.ok(local.length >= 6, urls.join('\n'));
    assert.ok(urls.every((u) => !u.includes('%7B%7BSCIM')), 'the variable was rendered');
    // Every request to the reference server got an answer (it wants a token this suite
    // does not send, so most are 401s): the suite ran, nothing broke.
    const local_rows = page.locator('li.step', { has: page.locator('.url', { hasText: scim.baseUrl }) });
    const statuses = await local_rows.locator('.status').allTextContents();
    assert.ok(statuses.every((s) => /^\d{3}$/.test(s)), statuses.join());
  });
});

test('problems are shown on their steps before the run, and the rest still runs', async () => {
  const suite = {
    name: 'Problems',
    steps: [
      { ...request('{{SCIMBaseURL}}/Users', 'fine', 200) },
      {
        step_type: 'request', method: 'GET /ETC/PASSWD', url: '{{SCIMBaseURL}}/Users', note: 'bad method',
        headers: { 'Accept-Charset': ['utf-8'], Authorization: ['{{auth}}'] },
        assertions: [{ source: 'response_json', property: 'x', comparison: 'roughly', value: '1' }],
      },
      { step_type: 'request', method: 'GET', url: '', note: 'no URL' },
      { step_type: 'request', method: 'GET', url: '{{SCIMBaseURL}}/Users/{{nobodySetsThis}}', note: 'undefined',
        scripts: ['log(xml2json.toJson(response.body))'] },
      { step_type: 'teleport', note: 'unknown type' },
    ],
  };
  const file = join(dir, 'problems.json');
  writeFileSync(file, JSON.stringify(suite));
  await withPage(browser, 'problems', site.url, async (page) => {
    await loadSuite(page, file, 'Problems');
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    const summary = await page.locator('.problems-summary').textContent();
    assert.match(summary, /^4 of 5 steps have problems: /);
    const flagged = await page.locator('ol.plan li[data-problem="true"]').evaluateAll((rows) =>
      rows.map((r) => [r.dataset.step, [...r.querySelectorAll('.step-problems li')].map((li) => li.textContent)]),
    );
    assert.deepEqual(flagged.map(([step]) => step), ['2', '3', '4', '5']);
    const all = flagged.flatMap(([, messages]) => messages).join('\n');
    for (const words of ['GET /ETC/PASSWD', 'roughly', 'Accept-Charset', 'nobodySetsThis', 'teleport', 'xml2json']) {
      assert.ok(all.includes(words), `${words} is not named:\n${all}`);
    }
    assert.deepEqual(await axeViolations(page), []);
    await runToEnd(page);
    assert.equal(await page.locator('li.step[data-step="1"]').getAttribute('data-outcome'), 'pass');
  });
});

test("a long suite's plan lists its first 200 steps, more on request, each marked as variables are typed", async () => {
  const steps = Array.from({ length: 1250 }, (_, i) => request(`{{base}}/items/${i}`, `item ${i}`, 200));
  const file = join(dir, 'long.json');
  writeFileSync(file, JSON.stringify({ name: 'Long', steps }));
  await withPage(browser, 'long plan', site.url, async (page) => {
    await loadSuite(page, file, 'Long');
    const rows = page.locator('ol.plan > li');
    assert.equal(await rows.count(), 200);
    assert.equal(await page.locator('ol.plan > li[data-problem="true"]').count(), 200);
    // A problem reads as a line across the row, not a word per line.
    const width = await page.locator('ol.plan .step-problems li').first().evaluate((li) => li.getBoundingClientRect().width);
    assert.ok(width > 300, `the problem is ${width} px wide`);
    await page.getByText('200 of 1250 steps listed.').waitFor();
    await page.getByRole('button', { name: 'List 1000 more' }).click();
    await page.getByRole('button', { name: 'List 50 more' }).click();
    assert.equal(await rows.count(), 1250);
    assert.equal(await page.getByRole('button', { name: /^List \d+ more$/ }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await fillVariables(page, { base: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    await page.locator('ol.plan > li[data-problem="true"]').first().waitFor({ state: 'detached' });
    assert.equal(await page.locator('.problems-summary').count(), 0);
  });
});

test('a long run draws the rows near the screen, the first 1,000 always, and every row to print', async () => {
  const steps = Array.from({ length: 1250 }, (_, i) => request(`{{base}}/Users?startIndex=${i + 1}`, `page ${i + 1}`, 200));
  const file = join(dir, 'long-run.json');
  writeFileSync(file, JSON.stringify({ name: 'Long run', steps }));
  await withPage(browser, 'long run', site.url, async (page) => {
    await loadSuite(page, file, 'Long run');
    await fillVariables(page, { base: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    await runToEnd(page);
    const drawn = () => page.locator('li.step').count();
    // Chunks of 50 rows past the first 20 are emptied while the browser skips them.
    await page.waitForFunction(() => document.querySelectorAll('li.step').length < 1250);
    assert.ok((await drawn()) >= 1000, 'the first 1,000 rows stay drawn');
    assert.equal(await page.locator('li.step[data-step="1250"]').count(), 0);
    await page.locator('ol.results-chunk').last().scrollIntoViewIfNeeded();
    await page.locator('li.step[data-step="1250"]').waitFor();
    assert.equal(await page.locator('li.step[data-step="1250"]').getAttribute('data-outcome'), 'pass');
    assert.deepEqual(await axeViolations(page), []);
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    await page.waitForFunction(() => document.querySelectorAll('li.step').length === 1250);
  });
});
