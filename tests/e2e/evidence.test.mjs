// Evidence a reviewer can open (issue #13): a share link that opens the read-only result in
// another browser profile, a self-contained HTML report that works from file:// without
// JavaScript and reopens in the page, JUnit XML that validates, a printout that starts with
// the verdict, and clear messages for broken links and edited reports.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  ROOT,
  axeViolations,
  fillVariables,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'evidence-token-51c2';
let site, browser, scim, dir;
before(async () => {
  [site, browser, scim] = await Promise.all([
    serveDist(),
    launchBrowser(),
    startScimServer(['--token', TOKEN, '--fault', 'duplicates-accepted']),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'evidence-'));
});
after(async () => {
  await browser?.close();
  scim?.stop();
  await site?.close();
});

async function oktaRun(page) {
  await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
  await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
  await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
  await runToEnd(page);
}

async function downloaded(page, button) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test("a share link opens Okta's SPEC run whole in another profile, read-only", async () => {
  let link, before, required;
  await withPage(browser, 'share link', site.url, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await oktaRun(page);
    before = await outcomesByNote(page);
    required = await page.locator('.summary .required-line').textContent();
    await page.getByRole('button', { name: 'Copy share link' }).click();
    await page.getByText(/^Link copied: \d+ characters\. It holds the whole result\.$/).waitFor();
    link = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, await page.locator('input.share-link').inputValue());
    assert.match(link, /#result=1\.[A-Za-z0-9_-]+$/);
    assert.ok(link.length < 12_000, `${link.length} characters`);
    assert.ok(!link.includes(TOKEN));
  });
  // A new profile: nothing from the first one, no suite, no server settings.
  await withPage(browser, 'share link opened', link, async (page) => {
    await page.getByText('Read-only result, opened from a share link.').waitFor();
    assert.deepEqual(await outcomesByNote(page), before);
    assert.equal(await page.locator('.summary .required-line').textContent(), required);
    // Every detail is there: the failed step's request, response and assertions.
    const failed = page.locator('li.step[data-outcome="fail"]');
    await failed.locator('table.assertions tr[data-outcome="fail"]').waitFor();
    await failed.getByRole('heading', { name: 'Response' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('the HTML report works from file:// with JavaScript off, and reopens in the page', async () => {
  let path, verdict;
  await withPage(browser, 'report export', site.url, async (page) => {
    await oktaRun(page);
    verdict = await page.locator('.summary .required-line').textContent();
    path = await downloaded(page, 'Export report');
    assert.ok(!readFileSync(path, 'utf8').includes(TOKEN));
  });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(pathToFileURL(path).href);
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(verdict), `the report says "${verdict}"`);
    // The failing step is open without JavaScript; passing ones are closed.
    assert.equal(await page.locator('details[open]', { hasText: 'Expect failure when recreating user' }).count(), 1);
    assert.deepEqual(requests, [pathToFileURL(path).href], 'the report loads nothing');
  } finally {
    await context.close();
  }
  await withPage(browser, 'report reopened', site.url, async (page) => {
    await page.getByLabel('Suite file').setInputFiles(path);
    await page.getByText(/^Read-only result, opened from .*\.report\.html\.$/).waitFor();
    assert.equal(await page.locator('.summary .required-line').textContent(), verdict);
  });
});

test('JUnit XML validates against the common JUnit schema', async () => {
  await withPage(browser, 'junit', site.url, async (page) => {
    await oktaRun(page);
    const path = await downloaded(page, 'Export JUnit');
    const xsd = join(ROOT, 'crates/report/tests/data/junit-10.xsd');
    execFileSync('xmllint', ['--noout', '--schema', xsd, path], { stdio: 'pipe' });
    const xml = readFileSync(path, 'utf8');
    assert.equal((xml.match(/<testcase /g) ?? []).length, 12, 'one testcase per request, no pauses');
    assert.equal((xml.match(/<failure /g) ?? []).length, 1);
  });
});

test('printing gives the report: the verdict first, no form', async () => {
  await withPage(browser, 'print', site.url, async (page) => {
    await oktaRun(page);
    const pdf = join(dir, 'printed.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const verdictAt = lines.findIndex((l) => l.startsWith('Failed'));
    assert.ok(verdictAt >= 0 && verdictAt <= 4, lines.slice(0, 8).join('\n'));
    assert.ok(!text.includes('Suite file') && !text.includes('Initial script'), 'the form is not printed');
    assert.ok(text.includes('What did not hold'), 'the failing step prints open');
  });
});

test('broken links and edited reports get a message, and nothing else changes', async () => {
  const cases = [
    ['#result=1.%%%', /damaged or cut short/],
    ['#result=1.AAAA', /damaged or cut short/],
    ['#result=9.AAAA', /made by a newer version/],
    ['#result=<img src=x onerror=alert(1)>', /damaged or cut short/],
  ];
  for (const [fragment, message] of cases) {
    await withPage(browser, `bad link ${fragment}`, site.url + fragment, async (page, log) => {
      page.on('dialog', () => assert.fail('a script from the fragment ran'));
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.textContent(), message);
      assert.equal(await page.locator('li.step').count(), 0);
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      assert.deepEqual(log.filter((m) => m.type === 'pageerror'), []);
    });
  }
  // A report edited by hand: its embedded result no longer reads.
  let path;
  await withPage(browser, 'edited report', site.url, async (page) => {
    await oktaRun(page);
    path = await downloaded(page, 'Export report');
    const edited = join(dir, 'edited.report.html');
    writeFileSync(edited, readFileSync(path, 'utf8').replace('"format_version"', '"format_versio"'));
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open results' }).click(),
    ]);
    await chooser.setFiles(edited);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /^edited\.report\.html is not a result file we can open: /);
    // The run on screen stays.
    assert.equal(await page.locator('li.step').count(), 12);
  });
});
