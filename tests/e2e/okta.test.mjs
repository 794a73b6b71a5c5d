// Okta's CRUD and Entitlements suites from the page: offline against the workshop demo (its
// SCIM server and emulated Okta org), and against the native binary's emulated org the way a
// real org requires (trusted origin, access token, the Bearer switch), with the page's notice
// about API tokens before any run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import {
  DEMO_LOADED,
  ROOT,
  SHARED,
  consoleErrors,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  withPage,
} from './harness.mjs';

const CRUD_SUITE = join(SHARED, 'okta/Okta-SCIM-20-CRUD-Test.json');
const CRUD_SCRIPT = join(SHARED, 'okta/Initial_Script_CRUD.txt');
const ENTITLEMENTS_SUITE = join(SHARED, 'okta/Okta-SCIM-20-Entitlements-Test.json');
const NOTICE = /Okta's API does not take API tokens from a web page/;

let site, browser;
before(async () => {
  [site, browser] = await Promise.all([serveDist(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Starts the binary with the emulated org, trusting `origin`; resolves with the variables it
 * prints for the CRUD suite.
 */
async function startOrg(origin) {
  const bin = process.env.SCIM_SERVER_BIN ?? join(ROOT, 'target/debug/scim-server');
  const child = spawn(
    bin,
    ['--port', '0', '--okta', '--okta-trusted-origin', origin, '--okta-delay-ms', '300'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const variables = await new Promise((ok, fail) => {
    const found = {};
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`scim-server exited with ${code}`)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const pair = line.match(/^(\w+)=(.*)$/);
      if (pair) found[pair[1]] = pair[2];
      if (line.trim() === '' && found.oktaAccessToken) ok(found);
    });
  });
  return { variables, stop: () => child.kill() };
}

/** Loads Okta's CRUD suite and pastes its Initial Script as Okta distributes them. */
async function loadCrud(page) {
  await loadSuite(page, CRUD_SUITE, 'Okta SCIM 2.0 CRUD Test');
  await page.getByLabel('Initial script').fill(readFileSync(CRUD_SCRIPT, 'utf8'));
}

/**
 * Opens the demo's panel, which loads its worker, cuts the network off once it is loaded,
 * and points the suite at the demo.
 */
async function useDemoOffline(page) {
  await page.locator('summary', { hasText: 'Workshop demo server' }).click();
  await page.getByText(DEMO_LOADED).waitFor();
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Demo server', exact: true }).click();
}

const failedNotes = async (page) =>
  (await outcomesByNote(page)).filter(([, o]) => o === 'fail' || o === 'error').map(([n]) => n.trim());

/** Exports the results, checks the file, and opens it again read-only. */
async function exportAndReopen(page, check) {
  const before = await outcomesByNote(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export results' }).click(),
  ]);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  check(JSON.parse(text), text);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open results' }).click(),
  ]);
  await chooser.setFiles(path);
  await page.getByRole('button', { name: 'Open it' }).click();
  await page.getByText(/Read-only result, opened from/).waitFor();
  assert.deepEqual(await outcomesByNote(page), before);
}

test("offline, Okta's CRUD suite with its Initial Script passes against the demo org", async () => {
  await withPage(browser, 'crud demo', site.url, async (page, log) => {
    await loadCrud(page);
    await page.getByText(NOTICE).waitFor();
    await useDemoOffline(page);
    assert.equal(await page.getByLabel('oktaOrgUrl', { exact: true }).inputValue(), 'https://okta.demo.invalid');
    assert.equal(await page.getByLabel('SCIMUrl', { exact: true }).inputValue(), 'https://scim.demo.invalid/scim/v2');
    assert.match(await page.getByLabel('oktaAppId', { exact: true }).inputValue(), /^0oa\w{17}$/);
    assert.equal(await page.getByText(NOTICE).count(), 0, 'the demo takes the API token: no notice');

    // Pauses capped at the page's default (1 s): provisioning (0.5 s) still comes first.
    await runToEnd(page, { pauses: 'Wait at most' });
    assert.deepEqual(await failedNotes(page), []);
    assert.equal(await page.locator('li.step[data-outcome="pass"]').count(), 13);
    await page.getByText(/Demo run: these results come from the in-page demo server/).waitFor();
    await exportAndReopen(page, (result, text) => {
      assert.equal(result.target.kind, 'demo');
      assert.match(result.target.description, /Okta org/);
      assert.equal(result.outcome, 'passed');
      assert.equal(result.options.ssws_as_bearer, null);
      assert.ok(!text.includes('demo-okta-api-token'), 'the API token is masked');
    });
    assert.deepEqual(consoleErrors(log), []);
  });
});

test('without its pauses the CRUD suite fails its checks: provisioning takes its time', async () => {
  await withPage(browser, 'crud demo no pauses', site.url, async (page) => {
    await loadCrud(page);
    await useDemoOffline(page);
    await page.getByRole('button', { name: 'Reset demo data' }).click();
    await runToEnd(page, { pauses: 'Skip pauses' });
    const failed = await failedNotes(page);
    assert.ok(failed.includes('Verify if user is created in SCIM App'), failed.join('\n'));
  });
});

/**
 * The CRUD steps a fault fails, read from the fault table the reference server's README
 * generates from its code (`FAULTS`), so they are written once.
 */
function crudStepsFailedBy(fault) {
  const readme = readFileSync(join(ROOT, 'crates/scim-server/README.md'), 'utf8');
  const section = readme.split(`### \`${fault}\``)[1]?.split('\n### ')[0] ?? '';
  const line = section.split('\n').find((l) => l.startsWith('- Okta 2.0 CRUD: fails')) ?? '';
  const steps = [];
  for (const [, note, times] of line.matchAll(/`([^`]+)`(?: \((\d+) steps\))?/g)) {
    for (let i = 0; i < Number(times ?? 1); i += 1) steps.push(note);
  }
  return steps;
}

test('a CRUD fault in the demo fails exactly the CRUD steps its documentation names', async () => {
  const expected = crudStepsFailedBy('ignores-deactivate');
  assert.equal(expected.length, 2, 'the fault table names its steps');
  await withPage(browser, 'crud demo fault', site.url, async (page) => {
    await loadCrud(page);
    await useDemoOffline(page);
    await page.getByLabel(/^ignores-deactivate/).check();
    await runToEnd(page, { pauses: 'Wait at most' });
    assert.deepEqual(await failedNotes(page), expected);
  });
});

test('offline, the Entitlements suite passes for every endpoint the demo lists, each its own row', async () => {
  await withPage(browser, 'entitlements demo', site.url, async (page, log) => {
    await loadSuite(page, ENTITLEMENTS_SUITE, 'Okta SCIM 2.0 Entitlements Test');
    await useDemoOffline(page);
    const endpoint = page.getByLabel('EntitlementEndpoint', { exact: true });
    assert.equal(await endpoint.evaluate((e) => e.tagName), 'TEXTAREA');
    await page.getByText(/One value a line: each step whose URL uses EntitlementEndpoint runs once per value/).waitFor();
    await page.getByRole('button', { name: "Fill from the server's /ResourceTypes" }).click();
    await page.getByText('3 endpoints from /ResourceTypes: the step runs once for each.').waitFor();
    assert.equal(await endpoint.inputValue(), '/Entitlements\n/Licenses\n/Roles');

    await runToEnd(page);
    const note = 'Duplicate the request for multiple Entitlement Endpoints';
    assert.deepEqual(await outcomesByNote(page), [
      [`${note} — /Entitlements`, 'pass'],
      [`${note} — /Licenses`, 'pass'],
      [`${note} — /Roles`, 'pass'],
    ]);
    await exportAndReopen(page, (result) => {
      assert.equal(result.format_version, 2);
      assert.deepEqual(
        result.steps.map((s) => s.iteration.value),
        ['/Entitlements', '/Licenses', '/Roles'],
      );
    });
    assert.deepEqual(consoleErrors(log), []);
  });
});

test('an API token to a real org is explained before the run, with the switch', async () => {
  await withPage(browser, 'ssws notice', site.url, async (page) => {
    await loadCrud(page);
    await page.getByLabel('oktaOrgUrl', { exact: true }).fill('https://dev-123.okta.com');
    const notice = page.getByRole('note').filter({ hasText: NOTICE });
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /Steps 1, 2, 3, 6, 9, 12, 13 and 17 call dev-123\.okta\.com with an Okta API token/);
    assert.match(text, new RegExp(`add this page's origin ${new URL(site.url).origin} with the type CORS`));
    assert.match(text, /okta\.users\.manage and okta\.apps\.manage/);
    assert.equal(await page.locator('main').getAttribute('data-run-state'), 'idle', 'nothing ran');

    // The switch asks for the access token, and Run waits for it.
    await page.getByLabel('oktaAppId', { exact: true }).fill('0oa1');
    await page.getByLabel('oktaToken', { exact: true }).fill('00QC-api-token');
    await page.getByLabel('SCIMUrl', { exact: true }).fill('https://scim.example.com/scim/v2');
    await page.getByLabel('SCIMAuth', { exact: true }).fill('Bearer x');
    const run = page.getByRole('button', { name: 'Run', exact: true });
    assert.ok(await run.isEnabled());
    await notice.getByLabel(/Send the API token headers as Bearer/).check();
    const token = notice.getByLabel('oktaAccessToken', { exact: true });
    assert.equal(await token.getAttribute('type'), 'password');
    await notice.getByText('Enter oktaAccessToken: with the Bearer switch on it is sent in place of the API token.').waitFor();
    assert.ok(await run.isDisabled());
    await token.fill('eyJ-access');
    assert.ok(await run.isEnabled());
  });
});

test('the native org passes the CRUD suite from the page with the switch on, and refuses the API token', async () => {
  const origin = new URL(site.url).origin;
  const org = await startOrg(origin);
  try {
    const values = org.variables;
    const fill = async (page) => {
      await loadCrud(page);
      for (const name of ['oktaOrgUrl', 'oktaAppId', 'oktaToken', 'SCIMUrl', 'SCIMAuth']) {
        await page.getByLabel(name, { exact: true }).fill(values[name]);
      }
    };

    await withPage(browser, 'native org bearer', site.url, async (page, log) => {
      await fill(page);
      const notice = page.getByRole('note').filter({ hasText: NOTICE });
      await notice.getByLabel(/Send the API token headers as Bearer/).check();
      await notice.getByLabel('oktaAccessToken', { exact: true }).fill(values.oktaAccessToken);
      await runToEnd(page, { pauses: 'Wait at most' });
      assert.deepEqual(await failedNotes(page), []);
      assert.equal(await page.locator('li.step[data-outcome="pass"]').count(), 13);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export results' }).click(),
      ]);
      const text = readFileSync(await download.path(), 'utf8');
      const result = JSON.parse(text);
      assert.equal(result.options.ssws_as_bearer, 'oktaAccessToken');
      assert.equal(result.target.kind, 'server');
      // The header is masked whole; the org took it, which it does only for the access token.
      const first = result.steps[0].request.headers.find((h) => h.name === 'Authorization');
      assert.match(first.value, /^\[secret /);
      assert.ok(!text.includes(values.oktaAccessToken) && !text.includes(values.oktaToken));
      assert.deepEqual(consoleErrors(log), []);
    });

    await withPage(browser, 'native org ssws', site.url, async (page) => {
      await fill(page);
      await page.getByRole('note').filter({ hasText: NOTICE }).waitFor();
      await runToEnd(page, { pauses: 'Skip pauses' });
      const rows = await page.locator('li.step').evaluateAll((rows) =>
        rows.map((r) => [r.dataset.step, r.dataset.outcome]),
      );
      const orgSteps = ['1', '2', '3', '6', '9', '12', '13', '17'];
      for (const [step, outcome] of rows) {
        if (orgSteps.includes(step)) assert.equal(outcome, 'error', `step ${step} gets no response`);
      }
      await page.getByText('CORS').first().waitFor();
    });
  } finally {
    org.stop();
  }
});
