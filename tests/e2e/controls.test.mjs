import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  axeViolations,
  OKTA_SCRIPT_VARIABLES,
  OKTA_SUITE,
  fillVariables,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'controls-token';
let site, scim, browser;
before(async () => {
  [site, scim, browser] = await Promise.all([
    serveDist(),
    startScimServer(['--token', TOKEN]),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  scim?.stop();
  await site?.close();
});

test('the bundled quick-check suite loads with one click and passes against the reference server', async () => {
  await withPage(browser, 'bundled suite', site.url, async (page) => {
    await page.getByRole('button', { name: 'SCIM quick check' }).click();
    await page.getByRole('heading', { name: 'SCIM quick check' }).waitFor();
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    await runToEnd(page);
    const outcomes = (await outcomesByNote(page)).map(([, o]) => o);
    assert.deepEqual(outcomes, Array(8).fill('pass'));
    // Its one pause is a separator between steps, not a test.
    assert.equal(await page.locator('li.pause-row .pause-text').textContent(), 'Pause of 2 s skipped');
  });
});

test('a suite dropped anywhere on the page loads, and a bad drop keeps it', async () => {
  await withPage(browser, 'drop', site.url, async (page) => {
    const drop = async (name, text) => {
      const data = await page.evaluateHandle(
        ([name, text]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], name, { type: 'application/json' }));
          return dt;
        },
        [name, text],
      );
      await page.dispatchEvent('main', 'drop', { dataTransfer: data });
    };
    await drop('okta.json', readFileSync(OKTA_SUITE, 'utf8'));
    await page.getByRole('heading', { name: 'Okta SCIM 2.0 SPEC Test' }).waitFor();
    await drop('broken.json', '{"steps": [ {"step_type": "request", "url": 5 ');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /broken\.json.*line 1/s);
    assert.equal(await page.locator('[data-step]').count(), 23, 'the Okta suite stays');
  });
});

test('a pause can be skipped, and Cancel ends the run with a valid partial result', async () => {
  await withPage(browser, 'pause and cancel', site.url, async (page) => {
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}`, ...OKTA_SCRIPT_VARIABLES });
    await page.getByLabel('Wait as the suite says').check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // The first pause is 5 s; skipping it moves the run on at once.
    await page.getByRole('button', { name: 'Skip pause' }).click();
    await page.locator('li.step[data-step="3"]').waitFor({ timeout: 3_000 });
    await page.getByText(/Pausing: \d+ s left/).waitFor();
    // Rows are masked as each step ends: mid-run, the token is not on screen.
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.locator('li.step[data-step="1"] .step-detail').waitFor();
    const shown = await page.locator('div.results').textContent();
    assert.ok(shown.includes('[secret auth]'), 'the masked Authorization header is shown');
    assert.ok(!shown.includes(TOKEN), 'the token is on screen during the run');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('main[data-run-state="cancelled"]').waitFor({ timeout: 3_000 });
    // The steps the cancel kept from starting are one line, not nineteen rows.
    const notRun = page.locator('li.not-run-row');
    assert.equal(await notRun.count(), 1);
    assert.equal(await notRun.textContent(), 'Steps 5 to 23 (19) did not run: the run was cancelled before this step.');
    assert.deepEqual(await axeViolations(page), []);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export results' }).click(),
    ]);
    const result = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.steps.length, 23, 'every step is listed, also those not run');
    assert.equal(result.steps[0].outcome, 'pass');
    assert.equal(result.steps.at(-1).outcome, 'cancelled');
  });
});
