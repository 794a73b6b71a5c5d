import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  DEMO_LOADED,
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  consoleErrors,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  withPage,
} from './harness.mjs';

let site, browser;
before(async () => {
  [site, browser] = await Promise.all([serveDist(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Loads Okta's suite and its Initial Script, opens the demo's panel (which loads its worker),
 * cuts the network off once it is loaded, and points the suite at the demo server.
 */
async function oktaOnDemo(page) {
  await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
  await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
  await page.getByText('Workshop demo server').click();
  await page.getByText(DEMO_LOADED).waitFor();
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Demo server' }).click();
}

const failedNotes = async (page) =>
  (await outcomesByNote(page)).filter(([, o]) => o === 'fail' || o === 'error').map(([n]) => n);

test("offline, Okta's suite passes against the demo server and the export says demo", async () => {
  await withPage(browser, 'demo passes', site.url, async (page, log) => {
    await oktaOnDemo(page);
    assert.equal(await page.getByLabel('SCIMBaseURL', { exact: true }).inputValue(), 'https://scim.demo.invalid/scim/v2');
    await runToEnd(page);
    assert.deepEqual(await failedNotes(page), []);
    assert.equal(await page.locator('li.step[data-outcome="pass"]').count(), 12);
    await page.getByText(/Demo run: these results come from the in-page demo server/).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export results' }).click(),
    ]);
    const result = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(result.target.kind, 'demo');
    assert.ok(!JSON.stringify(result).includes('demo-token'), 'the demo token is masked too');
    assert.deepEqual(consoleErrors(log), []);
  });
});

test('switching a fault on fails exactly the steps its documentation names', async () => {
  await withPage(browser, 'demo fault', site.url, async (page) => {
    await oktaOnDemo(page);
    await page.getByLabel(/^plain-errors/).check();
    await runToEnd(page);
    // crates/scim-server documents these for plain-errors (FAULTS in crates/scim-faults).
    assert.deepEqual(await failedNotes(page), [
      'Required Test: Test invalid User by ID',
      'Required Test: Check status 401',
      'Required Test: Check status 404',
    ]);

    // Off again, and back to the seed, the suite passes once more.
    await page.getByLabel(/^plain-errors/).uncheck();
    await page.getByRole('button', { name: 'Reset demo data' }).click();
    await runToEnd(page);
    assert.deepEqual(await failedNotes(page), []);
  });
});
