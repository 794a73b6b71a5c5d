// Parts most visits never use stay out of the first load (issue #16): the workshop demo's
// worker and the report worker are downloaded only when their feature is first used, once,
// from the hashed folders the build names in index.html's <meta>s (scripts/workers.mjs).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DEMO_LOADED,
  ROOT,
  consoleErrors,
  fillVariables,
  launchBrowser,
  outcomesByNote,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'on-demand-token';
let site, browser, scim;
before(async () => {
  [site, browser, scim] = await Promise.all([
    serveDist(),
    launchBrowser(),
    startScimServer(['--token', TOKEN]),
  ]);
});
after(async () => {
  scim?.stop();
  await browser?.close();
  await site?.close();
});

/** The folder of each on-demand worker, as the build names it: `demo-<hash>/`. */
function workerFolders() {
  const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
  const folder = (name) => {
    const path = html.match(new RegExp(`<meta name="${name}" content="([^"]+)"`))?.[1];
    assert.ok(path, `index.html names the ${name}`);
    return path.slice(0, path.lastIndexOf('/') + 1);
  };
  return { demo: folder('demo-worker'), report: folder('report-worker') };
}

/**
 * A fresh page that records every request the page itself makes (its workers' included) from
 * before its first load, and each worker's file requests by worker. The service worker's own
 * requests (it precaches every file of the build in the background) are not the page's: they
 * are the context's only, and are left out as the first-load budget leaves them out.
 */
async function recordingPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const folders = workerFolders();
  const requests = [];
  const log = [];
  page.on('console', (m) => log.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.push({ type: 'pageerror', text: String(e) }));
  page.on('request', (r) => requests.push(r.url()));
  const fetched = (worker) =>
    requests.filter((url) => url.startsWith(site.url + folders[worker])).map((url) => url.slice(site.url.length));
  await page.goto(site.url);
  return { context, page, requests, fetched, log };
}

async function quickCheckRun(page) {
  await page.getByRole('button', { name: 'SCIM quick check' }).click();
  await page.getByRole('heading', { name: 'SCIM quick check' }).waitFor();
  await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
  await runToEnd(page);
  assert.deepEqual(
    (await outcomesByNote(page)).map(([, o]) => o),
    Array(8).fill('pass'),
  );
}

test('a first visit that runs a suite but never opens the demo or exports downloads neither worker', async () => {
  const { context, page, requests, fetched, log } = await recordingPage();
  try {
    await page.locator('main').waitFor();
    await quickCheckRun(page);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(fetched('demo'), []);
    assert.deepEqual(fetched('report'), []);
    // Nothing of either, under any name: only the page's own files and the server under test.
    const own = requests.filter((url) => url.startsWith(site.url)).map((url) => url.slice(site.url.length));
    assert.ok(own.every((path) => !/worker/.test(path)), own.join('\n'));
    assert.ok(requests.every((url) => url.startsWith(site.url) || url.startsWith(new URL(scim.baseUrl).origin)));
    assert.deepEqual(consoleErrors(log), []);
  } finally {
    await context.close();
  }
});

test('each worker loads once, on its first use, and only its own', async () => {
  const { context, page, fetched, log } = await recordingPage();
  try {
    await quickCheckRun(page);
    // Opening the demo's panel loads the demo worker, and only it.
    await page.getByText('Workshop demo server').click();
    await page.getByText(DEMO_LOADED).waitFor();
    const demoFiles = fetched('demo');
    assert.deepEqual(
      demoFiles.map((p) => p.split('/').pop()).sort(),
      ['demo-worker-loader.js', 'demo-worker.js', 'demo-worker_bg.wasm'],
    );
    assert.deepEqual(fetched('report'), []);

    // The first export loads the report worker; the next ones reuse it.
    for (const button of ['Export report', 'Export JUnit', 'Export report']) {
      await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    }
    assert.deepEqual(
      fetched('report').map((p) => p.split('/').pop()).sort(),
      ['report-worker-loader.js', 'report-worker.js', 'report-worker_bg.wasm'],
    );
    // A second use of the demo starts no second worker either.
    await page.getByRole('button', { name: 'Reset demo data' }).click();
    await page.getByText('The demo data is back to its seeded users and groups').waitFor();
    assert.deepEqual(fetched('demo'), demoFiles);
    assert.deepEqual(consoleErrors(log), []);
  } finally {
    await context.close();
  }
});

test('a demo whose worker cannot be loaded says so on its panel and on each step', async () => {
  // The build without the demo's folder: as a first use with the network gone.
  const dir = mkdtempSync(join(tmpdir(), 'no-demo-'));
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  rmSync(join(dir, workerFolders().demo), { recursive: true });
  const broken = await serveDist(dir);
  const why =
    'the workshop demo server could not be loaded: its files did not download or did not start (is the network off?)';
  try {
    await withPage(browser, 'demo not loaded', broken.url, async (page) => {
      await page.getByRole('button', { name: 'SCIM quick check' }).click();
      await page.getByText('Workshop demo server').click();
      await page.getByText(`T${why.slice(1)}.`).waitFor();
      await page.getByRole('button', { name: 'Demo server', exact: true }).click();
      await runToEnd(page);
      const outcomes = (await outcomesByNote(page)).map(([, o]) => o);
      assert.deepEqual(outcomes, Array(8).fill('error'));
      await page.getByText(why).first().waitFor();
    });
  } finally {
    await broken.close();
    rmSync(dir, { recursive: true });
  }
});

/** The page's own split (scripts/split.mjs): the folder its loader imports the glue from. */
function appFolder() {
  const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
  const folder = html.match(/from '\.\/(app-[0-9a-f]+\/)scim-suite-runner\.js'/)?.[1];
  assert.ok(folder, 'the loader imports the page from its app-<hash>/ folder');
  return folder;
}

test("a first visit downloads only the page's main module; each part comes once, with its first use", async () => {
  const { context, page, requests, log } = await recordingPage();
  const app = appFolder();
  const fetched = () =>
    requests.filter((url) => url.startsWith(site.url + app)).map((url) => url.slice(site.url.length + app.length));
  try {
    // Every heading and the empty states are there before any part is.
    for (const name of ['2. Environment', '3. Run', '4. Results']) {
      await page.getByRole('heading', { name }).waitFor();
    }
    await page.getByText('Load a suite to see the variables it needs.').waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(fetched().sort(), ['__wasm_split.js', 'scim-suite-runner.js', 'scim-suite-runner_bg.wasm']);

    await quickCheckRun(page);
    await page.waitForLoadState('networkidle');
    const parts = fetched().filter((name) => name.startsWith('split_'));
    assert.deepEqual(parts.sort(), [
      'split_scim_runner_environment.wasm',
      'split_scim_runner_plan.wasm',
      'split_scim_runner_results.wasm',
      'split_scim_runner_run.wasm',
      'split_scim_runner_suite_reader.wasm',
    ]);
    // A second suite and run download nothing more of the page.
    const before = fetched().length;
    await quickCheckRun(page);
    assert.equal(fetched().length, before);
    assert.deepEqual(consoleErrors(log), []);
  } finally {
    await context.close();
  }
});

test('a part of the page that cannot be downloaded is said, and the rest of the page goes on', async () => {
  // No service worker: it would answer from its cache, out of the route's reach.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route(/split_scim_runner_plan\.wasm$/, (route) => route.abort());
  try {
    await page.goto(site.url);
    await page.getByRole('button', { name: 'SCIM quick check' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Part of this page could not be downloaded' })
      .first()
      .waitFor();
    // The suite loaded all the same: its variables ask for values, and the page still answers.
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    const larger = page.getByRole('button', { name: 'Larger text' });
    await larger.click();
    assert.equal(await larger.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
