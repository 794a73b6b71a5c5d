import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OKTA_SUITE, consoleErrors, launchBrowser, serveDist, startScimServer, withPage } from './harness.mjs';

let site, scim, browser;
before(async () => {
  [site, scim, browser] = await Promise.all([serveDist(), startScimServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  scim?.stop();
  await site?.close();
});

test('the page loads from a sub-path with no console errors', async () => {
  await withPage(browser, 'page loads', site.url, async (page, log) => {
    await page.getByLabel('Suite file').waitFor();
    assert.deepEqual(consoleErrors(log), []);
  });
});

test("picking Okta's 2.0 SPEC file shows its name and 23 steps", async () => {
  await withPage(browser, 'pick okta suite', site.url, async (page, log) => {
    await page.getByLabel('Suite file').setInputFiles(OKTA_SUITE);
    await page.getByRole('heading', { name: 'Okta SCIM 2.0 SPEC Test' }).waitFor();
    assert.equal(await page.locator('[data-step]').count(), 23);
    assert.deepEqual(consoleErrors(log), []);
  });
});
