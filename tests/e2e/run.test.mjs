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
    // A failed step opens by itself and shows the assertion's expected and actual status.
    const row = page.locator('li.step[data-outcome="fail"]');
    const assertion = row.locator('table.assertions tr[data-outcome="fail"]');
    await assertion.waitFor();
    const cells = await assertion.locator('td').allTextContents();
    assert.equal(cells[3], '409');
    assert.equal(cells[4], '201');
    // "Show only failures" leaves the failed row alone in view; unticked, all come back.
    const visible = () => page.locator('li.step:visible').count();
    const all = await visible();
    await page.getByLabel('Show only failures').check();
    assert.equal(await visible(), 1);
    assert.ok(await row.isVisible());
    await page.getByLabel('Show only failures').uncheck();
    assert.equal(await visible(), all);
  });
});

test('a server without CORS headers gets the CORS explanation', async () => {
  const scim = await server('no-cors');
  await withPage(browser, 'no cors', site.url, async (page) => {
    await runOkta(page, scim.baseUrl);
    assert.equal(await page.locator('li.step[data-outcome="error"]').count(), 12);
    const help = page.locator('li.step[data-outcome="error"]').first().locator('.failure-help');
    await help.getByRole('heading', { name: 'Blocked by CORS' }).waitFor();
    const origin = new URL(site.url).origin;
    const headersToSend = await help.locator('pre').textContent();
    assert.match(headersToSend, new RegExp(`Access-Control-Allow-Origin: ${origin}`));
    // The headers the browser refused are named even without a response, and not asked for.
    const notSent = page.locator('li.step[data-outcome="error"]').first().locator('.not-sent');
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
    await page.getByText(/Showing the result file/).waitFor();
    assert.deepEqual(await outcomesByNote(page), before);
  });
});
