import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  OKTA_SCRIPT_VARIABLES,
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

const TOKEN = 'e2e-token';
let site, browser;
const servers = [];
before(async () => {
  [site, browser] = await Promise.all([serveDist(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  servers.forEach((s) => s.stop());
  await site?.close();
});

async function server(...faults) {
  const s = await startScimServer(['--token', TOKEN, ...faults.flatMap((f) => ['--fault', f])]);
  servers.push(s);
  return s;
}

async function runOkta(page, baseUrl) {
  await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
  await fillVariables(page, { SCIMBaseURL: baseUrl, auth: `Bearer ${TOKEN}`, ...OKTA_SCRIPT_VARIABLES });
  await runToEnd(page);
}

test("Okta's 2.0 SPEC suite passes every request step against the reference server", async () => {
  const scim = await server();
  await withPage(browser, 'okta passes', site.url, async (page, log) => {
    await runOkta(page, scim.baseUrl);
    const requests = await page.locator('li.step', { has: page.locator('.method', { hasText: /^(GET|POST)$/ }) });
    assert.equal(await requests.count(), 12);
    assert.equal(await requests.and(page.locator('[data-outcome="pass"]')).count(), 12);
    await page.getByText('Passed', { exact: true }).waitFor();
    assert.deepEqual(consoleErrors(log), []);
  });
});

test('against a fault profile the expected steps fail, with expected and actual values', async () => {
  const scim = await server('duplicates-accepted');
  await withPage(browser, 'fault fails', site.url, async (page) => {
    await runOkta(page, scim.baseUrl);
    const failed = (await outcomesByNote(page)).filter(([, o]) => o === 'fail').map(([n]) => n);
    assert.deepEqual(failed, ['Required Test: Expect failure when recreating user with same values']);
    // The row says why it failed, in words, before anyone opens it.
    const row = page.locator('li.step[data-outcome="fail"]');
    assert.equal(
      await row.locator('.step-reason').textContent(),
      'Status: expected a number equal to 409, got 201',
    );
    // A failed step opens by itself, the failing assertion first, as a sentence with its
    // expected and actual values.
    const first = row.locator('.step-detail section.detail').first();
    assert.equal(await first.locator('h3').textContent(), 'What did not hold');
    const assertion = first.locator('table.assertions tr[data-outcome="fail"]');
    await assertion.waitFor();
    const cells = await assertion.locator('td').allTextContents();
    assert.match(cells[0], /^Status equals 409/);
    assert.equal(cells[1], '409');
    assert.equal(cells[2], '201');
    // "Failed only" leaves the failed row alone; unticked, all come back.
    const visible = () => page.locator('li.step:visible').count();
    const all = await visible();
    await page.getByLabel('Failed only').check();
    assert.equal(await visible(), 1);
    assert.ok(await row.isVisible());
    await page.getByLabel('Failed only').uncheck();
    assert.equal(await visible(), all);
  });
});

test('a server without CORS headers gets the CORS explanation', async () => {
  const scim = await server('no-cors');
  await withPage(browser, 'no cors', site.url, async (page) => {
    await runOkta(page, scim.baseUrl);
    const errors = page.locator('li.step[data-outcome="error"]');
    assert.equal(await errors.count(), 12);
    // One diagnosis for the one cause, above the steps, naming them; each step points to it.
    const help = page.locator('.failure-help');
    assert.equal(await help.count(), 1);
    await help.getByRole('heading', { name: 'Blocked by CORS' }).waitFor();
    assert.match(await help.locator('.scope').textContent(), /^Steps 1, 3, 5, .*, 23 got no response/);
    for (const reason of await errors.locator('.step-reason').allTextContents()) {
      assert.equal(reason, 'Blocked by CORS: see the note above the steps');
    }
    const origin = new URL(site.url).origin;
    const headersToSend = await help.locator('pre').textContent();
    assert.match(headersToSend, new RegExp(`Access-Control-Allow-Origin: ${origin}`));
    // The headers the browser refused are named even without a response, and not asked for.
    await errors.first().locator('.step-line').click();
    const notSent = errors.first().locator('.not-sent');
    assert.match(await notSent.textContent(), /User-Agent/);
    assert.doesNotMatch(headersToSend.split('\n').find((l) => l.startsWith('Access-Control-Allow-Headers')), /User-Agent/);
  });
});

test('an export holds no token and opens again with the same outcomes', async () => {
  const scim = await server();
  await withPage(browser, 'export and open', site.url, async (page) => {
    await runOkta(page, scim.baseUrl);
    const before = await outcomesByNote(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export results' }).click(),
    ]);
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    const result = JSON.parse(text);
    assert.equal(result.format_version, 1);
    assert.equal(result.suite.name, 'Okta SCIM 2.0 SPEC Test');
    assert.ok(!text.includes(TOKEN), 'the token appears in the export');

    await page.reload();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open results' }).click(),
    ]);
    await chooser.setFiles(path);
    await page.getByText(/Read-only result, opened from/).waitFor();
    assert.deepEqual(await outcomesByNote(page), before);
  });
});
