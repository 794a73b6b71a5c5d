// What a tester sees of a run (issue #14): the verdict in words, each failed row saying why,
// pauses as separators, one diagnosis per cause, Run waiting for what it needs, focus and
// announcements, filters, copy as curl, the initial script's values, a phone, a reload, a
// larger text size; and axe-core clean in every state.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  axeViolations,
  fillVariables,
  launchBrowser,
  loadSuite,
  runToEnd,
  scrollsSideways,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'results-token-7d1f';
let site, browser, dupes, noCors;
before(async () => {
  [site, browser, dupes, noCors] = await Promise.all([
    serveDist(),
    launchBrowser(),
    startScimServer(['--token', TOKEN, '--fault', 'duplicates-accepted']),
    startScimServer(['--token', TOKEN, '--fault', 'no-cors']),
  ]);
});
after(async () => {
  await browser?.close();
  dupes?.stop();
  noCors?.stop();
  await site?.close();
});

/** Okta's suite with its Initial Script: each run makes new random users, so runs against
 * the same server do not meet each other's. */
async function okta(page, baseUrl) {
  await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
  await fillVariables(page, { SCIMBaseURL: baseUrl, auth: `Bearer ${TOKEN}` });
  await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
}

test('axe finds nothing on a first visit, light and dark', async () => {
  await withPage(browser, 'axe first visit', site.url, async (page) => {
    await page.getByLabel('Suite file').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('Run waits for a base URL that is a URL, and says so next to the field', async () => {
  await withPage(browser, 'run blocked', site.url, async (page) => {
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    const run = page.getByRole('button', { name: 'Run', exact: true });
    assert.ok(await run.isDisabled());
    const field = page.locator('#var-SCIMBaseURL-problem');
    assert.equal(await field.textContent(), 'Enter SCIMBaseURL to run the suite.');
    assert.equal(await page.locator('#run-blocker').textContent(), 'Enter SCIMBaseURL to run the suite.');
    await page.getByLabel('SCIMBaseURL', { exact: true }).fill('example.com/scim');
    assert.match(await field.textContent(), /^Not a URL/);
    assert.ok(await run.isDisabled());
    await page.getByLabel('SCIMBaseURL', { exact: true }).fill(dupes.baseUrl);
    assert.equal(await page.locator('#run-blocker').textContent(), 'Enter auth to run the suite.');
    await page.getByLabel('auth', { exact: true }).fill(`Bearer ${TOKEN}`);
    assert.ok(await run.isEnabled());
    // The secret boxes are named for their variable.
    await page.getByRole('checkbox', { name: 'Treat auth as a secret' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('a failed run reads in words: verdict, required tests, pauses apart, the reason on the row', async () => {
  await withPage(browser, 'failed run', site.url, async (page) => {
    await okta(page, dupes.baseUrl);
    await page.getByLabel('Skip pauses').check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Run moves focus and view to the progress.
    await page.waitForFunction(() => document.activeElement?.classList.contains('progress'));
    await page.locator('main[data-run-state="done"]').waitFor({ timeout: 60_000 });

    const summary = page.locator('.summary');
    assert.equal(await summary.locator('.verdict').textContent(), 'Failed');
    assert.equal(
      await summary.locator('.required-line').textContent(),
      '10 of 11 required tests passed; 1 of 1 optional test passed',
    );
    assert.equal(
      await summary.locator('.counts').textContent(),
      '12 requests: 11 passed, 1 failed · 11 pauses skipped (60 s)',
    );
    // A screen reader hears the verdict once, from a live region filled at the end.
    assert.match(await page.locator('.sr-only[role="status"]').textContent(), /^Failed\. 10 of 11 required/);
    // Pauses are separators, not rows of tests.
    assert.equal(await page.locator('li.step').count(), 12);
    assert.equal(await page.locator('li.pause-row').count(), 11);
    // The failed row says why before anyone opens it; the others say nothing of the kind.
    const failed = page.locator('li.step[data-outcome="fail"]');
    assert.equal(await failed.locator('.step-reason').textContent(), 'Status: expected a number equal to 409, got 201');
    assert.equal(await page.locator('li.step[data-outcome="pass"] .step-reason').count(), 0);
    assert.equal(await failed.getAttribute('data-step'), '15');

    await page.getByRole('button', { name: 'Expand all' }).click();
    assert.deepEqual(await axeViolations(page), []);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await axeViolations(page), []);

    // The export numbers steps as the page does.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export results' }).click(),
    ]);
    const result = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(result.steps[14].number, '15');
    assert.equal(result.summary.required.failed, 1);
  });
});

test('filters: failed only, required only, status class, text', async () => {
  await withPage(browser, 'filters', site.url, async (page) => {
    await okta(page, dupes.baseUrl);
    await runToEnd(page);
    const rows = page.locator('li.step');
    await page.getByLabel('Required tests only').check();
    assert.equal(await rows.count(), 11);
    await page.getByLabel('Required tests only').uncheck();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('4');
    const statuses = await rows.locator('.status').allTextContents();
    assert.ok(statuses.length > 0 && statuses.every((s) => s.startsWith('4')), statuses.join());
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');
    await page.getByLabel('Find').fill('groups');
    assert.equal(await rows.count(), 1);
    assert.match(await page.getByText(/^Showing 1 of 23 steps$/).textContent(), /1 of 23/);
    await page.getByLabel('Find').fill('');
    await page.getByLabel('Failed only').check();
    assert.equal(await rows.count(), 1);
  });
});

test('copy as curl: secrets masked unless the tester asks', async () => {
  await withPage(browser, 'curl', site.url, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await okta(page, dupes.baseUrl);
    await runToEnd(page);
    const failed = page.locator('li.step[data-outcome="fail"]');
    await failed.getByRole('button', { name: 'Copy as curl', exact: true }).click();
    let copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^curl \\\n {2}-X 'POST' \\\n {2}'http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users'/);
    assert.ok(copied.includes("-H 'Authorization: [secret auth]'"), copied);
    assert.ok(!copied.includes(TOKEN));
    assert.ok(!copied.includes('Accept-Charset'), 'headers the browser did not send are left out');
    await failed.getByLabel('with my secret values').check();
    await failed.getByRole('button', { name: 'Copy as curl', exact: true }).click();
    copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.includes(`-H 'Authorization: Bearer ${TOKEN}'`), copied);
  });
});

test('a CORS-blocked run: one diagnosis with a copy button, steps pointing to it', async () => {
  await withPage(browser, 'cors once', site.url, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await okta(page, noCors.baseUrl);
    await runToEnd(page);
    const help = page.locator('.failure-help');
    assert.equal(await help.count(), 1);
    assert.equal(await page.locator('.step-detail').count(), 0, 'no step opens to repeat it');
    await help.getByRole('button', { name: 'Copy these headers' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^Access-Control-Allow-Origin: http:\/\/127\.0\.0\.1:\d+$/m);
    assert.equal(
      await page.locator('.summary .counts').textContent(),
      '12 requests: 12 no response · 11 pauses skipped (60 s)',
    );
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('a cancelled run counts only what ran', async () => {
  await withPage(browser, 'cancel counts', site.url, async (page) => {
    await okta(page, dupes.baseUrl);
    await page.getByLabel('Wait as the suite says').check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/Pausing: \d+ s left/).waitFor();
    // The current step is named while it runs.
    assert.match(await page.locator('.progress .current').textContent(), /^Step 2: /);
    assert.deepEqual(await axeViolations(page), [], 'axe while running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('main[data-run-state="cancelled"]').waitFor();
    assert.equal(await page.locator('.summary .verdict').textContent(), 'Cancelled after 1 of 12 requests');
    // The pause under way when Cancel came was waited in part; nothing after it counts.
    assert.match(
      await page.locator('.summary .counts').textContent(),
      /^1 request: 1 passed( · 1 pause waited \(\d+(\.\d)? s\))?$/,
    );
    assert.deepEqual(await axeViolations(page), []);
  });
});

test("the values Okta's Initial Script set are shown, the random user name among them", async () => {
  await withPage(browser, 'script values', site.url, async (page) => {
    await okta(page, dupes.baseUrl);
    await runToEnd(page);
    const values = page.locator('.script-values');
    const names = await values.locator('th').allTextContents();
    assert.ok(names.includes('randomEmail'), names.join());
    const email = await values.locator('tr', { hasText: 'randomEmail' }).locator('td').textContent();
    assert.match(email, /@atko\.com$/);
  });
});

test('a phone: no sideways scroll, assertion cells keep their labels', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  try {
    await page.goto(site.url);
    await okta(page, dupes.baseUrl);
    await page.getByText('Workshop demo server').click();
    await runToEnd(page);
    await page.getByRole('button', { name: 'Expand all' }).click();
    assert.equal(await scrollsSideways(page), false);
    const label = await page
      .locator('table.assertions td[data-label="Expected"]')
      .first()
      .evaluate((td) => getComputedStyle(td, '::before').content);
    assert.equal(label, '"Expected"');
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});

test('a reload keeps the suite, the values (not the secret) and the last results', async () => {
  await withPage(browser, 'reload', site.url, async (page) => {
    await okta(page, dupes.baseUrl);
    await runToEnd(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Okta SCIM 2.0 SPEC Test' }).waitFor();
    assert.equal(await page.getByLabel('SCIMBaseURL', { exact: true }).inputValue(), dupes.baseUrl);
    assert.equal(await page.getByLabel('auth', { exact: true }).inputValue(), '');
    await page.getByText(/^Read-only result: your last results/).waitFor();
    assert.equal(await page.locator('li.step').count(), 12);
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('larger text for a projector', async () => {
  await withPage(browser, 'text size', site.url, async (page) => {
    const size = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    assert.equal(await size(), '15px');
    await page.getByRole('button', { name: 'Larger text' }).click();
    assert.equal(await size(), '19px');
    assert.equal(await page.getByRole('button', { name: 'Larger text' }).getAttribute('aria-pressed'), 'true');
  });
});

test('a failed step runs again with the variables it had, shown beside the first run', async () => {
  await withPage(browser, 'run again', site.url, async (page) => {
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
    await page.getByText('Workshop demo server').click();
    await page.getByRole('button', { name: 'Demo server' }).click();
    const fault = page.getByLabel(/^duplicates-accepted/);
    await fault.check();
    await runToEnd(page);
    const failed = page.locator('li.step[data-outcome="fail"]');
    assert.equal(await failed.count(), 1);
    // The server is fixed; the step runs again as it was (the same user, the same body).
    await fault.uncheck();
    await failed.getByRole('button', { name: 'Run this step again' }).click();
    const again = failed.locator('details.rerun');
    await again.waitFor();
    assert.match(await again.locator('summary').textContent(), /^Run again \(1\) passed$/);
    assert.equal(await failed.getAttribute('data-outcome'), 'fail', 'the first run stays as it was');
    await again.locator('summary').click();
    assert.match(await again.locator('.step-detail').textContent(), /409/);
    assert.deepEqual(await axeViolations(page), []);
  });
});
